/**
 * The drop folder's files: exports found by name, read whole and checked (signature, cut short), outbox files
 * written atomically (temp file, fsync, rename; the signature lands before the file it signs), and the sequence
 * the next outbox file takes. The only file I/O of the connector.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { open, readdir, readFile, rename } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AuthenticationError, NotFoundError, ResponseShapeError } from '../../src/errors.js';

export const absolute = (baseDir: string, path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Files of a folder, by name; a folder not there yet has none. */
export const filesIn = async (folder: string): Promise<string[]> =>
  readdir(folder).then(
    (names) => names.filter((n) => !n.startsWith('.')).sort(),
    (e: unknown) => {
      if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return [];
      throw e;
    },
  );

/** The file a configured export names: itself, or with a `*` in the name the last match by name (null: none). */
export const newestMatch = async (pattern: string): Promise<string | null> => {
  const name = basename(pattern);
  if (!name.includes('*')) return pattern;
  const re = new RegExp(`^${name.split('*').map(escapeRegex).join('.*')}$`);
  const found = (await filesIn(dirname(pattern))).filter((n) => re.test(n));
  const last = found[found.length - 1];
  return last === undefined ? null : join(dirname(pattern), last);
};

export const signatureOf = (text: string, key: string): string => createHmac('sha256', key).update(text).digest('hex');

const sameSignature = (a: string, b: string): boolean => {
  const x = Buffer.from(a.trim(), 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface ReadPlace {
  connector: string;
  /** How the config names the file, for messages. */
  shown: string;
  /** The config path of the signing key, when files are signed. */
  keyPath: string;
}

/**
 * An export, whole. With a key its `.sig` must match (a wrong key or a foreign file is FF_AUTH_FAILED); a file
 * whose last line has no line end was cut short (copied or synced while being written) and is refused.
 */
export const readChecked = async (path: string, key: string | null, place: ReadPlace): Promise<string> => {
  const text = await readFile(path, 'utf8');
  const details = { connector: place.connector, where: place.shown };
  if (text !== '' && !text.endsWith('\n'))
    throw new ResponseShapeError(
      `${place.shown}: the file ends inside a line (cut short while it was copied)`,
      details,
    );
  if (key !== null) {
    const sig = await readFile(`${path}.sig`, 'utf8').catch(() => null);
    if (sig === null)
      throw new AuthenticationError(`${place.shown}: no signature file (${basename(path)}.sig)`, details);
    if (!sameSignature(sig, signatureOf(text, key)))
      throw new AuthenticationError(
        `${place.shown}: the signature does not match the key ${place.keyPath} names ` +
          '(a wrong key, a file cut short, or one the HRIS did not write)',
        details,
      );
  }
  return text;
};

/** Writes `text` to `folder/name` so that no reader ever sees part of it: temp file, fsync, rename. */
const writeWhole = async (folder: string, name: string, text: string): Promise<void> => {
  const temp = join(folder, `.${name}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(folder, name));
};

/** One outbox file; its signature first, so the HRIS never finds the file without it. */
export const writeOutboxFile = async (
  folder: string,
  name: string,
  text: string,
  key: string | null,
): Promise<void> => {
  if (key !== null) await writeWhole(folder, `${name}.sig`, signatureOf(text, key));
  await writeWhole(folder, name, text);
};

/** Matches this connector's outbox file names; group 1 is the sequence number. */
export const outboxNamePattern = (template: string, id: string): RegExp => {
  const parts = template.split(/(\{id\}|\{seq\}|\{batch\})/);
  const body = parts
    .map((p) =>
      p === '{id}' ? escapeRegex(id) : p === '{seq}' ? '(\\d+)' : p === '{batch}' ? '[0-9a-f]+' : escapeRegex(p),
    )
    .join('');
  return new RegExp(`^${body}$`);
};

/** The sequence after every one this connector used, in the outbox, processed and rejected alike. */
export const nextSequence = async (folders: readonly string[], pattern: RegExp): Promise<number> => {
  let max = 0;
  for (const folder of folders)
    for (const name of await filesIn(folder)) {
      const seq = Number(pattern.exec(name)?.[1] ?? 0);
      if (seq > max) max = seq;
    }
  return max + 1;
};

export const outboxName = (template: string, id: string, seq: number, batch: string): string =>
  template.replace('{id}', id).replace('{seq}', String(seq).padStart(6, '0')).replace('{batch}', batch);

/** A configured export that matched nothing. */
export const noExport = (connector: string, shown: string, configPath: string): NotFoundError =>
  new NotFoundError(`${shown}: no export file matches ${configPath}`, { connector, where: configPath });
