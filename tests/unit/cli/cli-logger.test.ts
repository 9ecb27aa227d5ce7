import { afterEach, describe, expect, it } from 'vitest';
import { createCliLogger } from '../../../src/cli/cli-logger.js';

const written: string[] = [];
const realWrite = process.stderr.write;

/** What the logger writes to stderr while `fn` runs (stderr is restored after each test). */
const capture = (fn: () => void): string[] => {
  written.length = 0;
  process.stderr.write = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  fn();
  process.stderr.write = realWrite;
  return written.map((l) => l.trim()).filter(Boolean);
};

afterEach(() => {
  process.stderr.write = realWrite;
});

describe("the CLI's logger (pino, loaded with the first line written)", () => {
  it('writes warnings and errors by default, not debug or info', () => {
    const lines = capture(() => {
      const log = createCliLogger({ verbose: false, json: false });
      log.debug('not shown', { a: 1 });
      log.info('not shown either');
      log.warn('a warning', { connector: 'us' });
      log.error('an error');
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { level: 40, msg: 'a warning', connector: 'us' },
      { level: 50, msg: 'an error' },
    ]);
  });

  it('with --verbose writes every level, timestamps with --json, and masks credential-shaped keys', () => {
    const lines = capture(() => {
      const log = createCliLogger({ verbose: true, json: true });
      log.debug('sending', { headers: { Authorization: 'Basic c2VjcmV0' } });
      log.info('done');
    });
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ level: 20, msg: 'sending', headers: { Authorization: '[redacted]' } });
    expect(second).toMatchObject({ level: 30, msg: 'done' });
    expect(typeof second.time).toBe('string');
    expect(lines.join('\n')).not.toContain('c2VjcmV0');
  });
});
