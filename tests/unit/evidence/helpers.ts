import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach } from 'vitest';

/** A temp folder per test, removed after it; `write` puts a file (text or bytes, optionally gzipped) there. */
export const tempDir = () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-evidence-'));
    dirs.push(dir);
    const write = (name: string, content: string | Buffer, opts: { gzip?: boolean } = {}): string => {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      writeFileSync(path, opts.gzip ? gzipSync(bytes) : bytes);
      return path;
    };
    return { dir, write };
  };
};

export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
};
