import { knownSecrets, redactText } from '../http/redact.js';
import { FluencyError } from '../errors.js';
import { isClosed } from './closed-pipe.js';
import { safeMessage, stripControls } from '../state/safe-text.js';

export interface OutputOptions {
  json: boolean;
  verbose: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Everything the CLI prints goes through here, and through redaction of every secret resolved so far. */
export const createOutput = (o: OutputOptions) => {
  const stdout = o.stdout ?? process.stdout;
  const stderr = o.stderr ?? process.stderr;
  // Human output: secrets masked and terminal control sequences removed (a hostile HRIS name cannot drive the
  // terminal).
  const write = (stream: NodeJS.WritableStream, text: string): void => {
    if (!isClosed(stream)) stream.write(text);
  };
  const clean = (s: string) => stripControls(redactText(s, knownSecrets()));
  const cleanJson = (s: string) => redactText(s, knownSecrets());
  return {
    json: o.json,
    verbose: o.verbose,
    /** A TTY that wants progress bars (never with --json). */
    interactive: !o.json && stderr.isTTY === true,
    line(text = ''): void {
      if (!o.json) write(stdout, `${clean(text)}\n`);
    },
    data(value: unknown): void {
      write(stdout, `${cleanJson(JSON.stringify(value, null, 2))}\n`);
    },
    ndjson(value: unknown): void {
      write(stdout, `${cleanJson(JSON.stringify(value))}\n`);
    },
    warn(text: string): void {
      write(stderr, `${clean(`warning: ${text}`)}\n`);
    },
    debug(text: string): void {
      if (o.verbose) write(stderr, `${clean(text)}\n`);
    },
    /** One clear line with the stable code, then a hint; the cause chain only with --verbose. */
    error(e: unknown): void {
      const err = e instanceof FluencyError ? e : null;
      const code = err?.code ?? 'FF_INTERNAL';
      // At most a short excerpt: a 20 MB header in a message stays out of the terminal.
      const message = safeMessage(e instanceof Error ? e.message : String(e));
      const where = err?.connector ? ` [${err.connector}]` : '';
      const request = err?.requestId ? ` (request ${err.requestId})` : '';
      if (o.json) {
        write(
          stdout,
          `${cleanJson(JSON.stringify({ error: err ? { ...err.toJSON(), message } : { code, message } }))}\n`,
        );
      } else {
        write(stderr, `${clean(`error ${code}${where}: ${message}${request}`)}\n`);
        if (err?.hint) write(stderr, `${clean(`hint: ${err.hint} (see docs/errors.md#${code.toLowerCase()})`)}\n`);
      }
      if (o.verbose) {
        let cause: unknown = e instanceof Error ? e.cause : undefined;
        let depth = 0;
        while (cause !== undefined && depth < 6) {
          const text = safeMessage(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
          write(stderr, `${clean(`  caused by ${text}`)}\n`);
          cause = cause instanceof Error ? cause.cause : undefined;
          depth++;
        }
        if (!err && e instanceof Error && e.stack) write(stderr, `${clean(e.stack)}\n`);
      }
    },
  };
};

export type Output = ReturnType<typeof createOutput>;
