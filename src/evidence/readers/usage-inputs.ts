import { isUtf8 } from 'node:buffer';
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { constants, gunzipSync } from 'node:zlib';
import { openInput, unreadable } from './files.js';
import { displayName, type ReaderOptions } from './reader-options.js';

/** One file of a usage export, with its name as reports show it. */
export interface UsageInput {
  path: string;
  file: string;
}

const PAGE_FILE = /\.(json|ndjson)(\.gz)?$/i;

/**
 * The files of a usage path: the file itself, or the `.json` / `.ndjson` files (gzipped or not) under a folder in
 * name order, as an export that saved an API's pages one file each holds them.
 */
export const usageInputs = async (path: string, opts: ReaderOptions): Promise<UsageInput[]> => {
  const name = displayName(path, opts);
  const info = await stat(path).catch((e: unknown) => {
    throw unreadable(name, e);
  });
  if (!info.isDirectory()) return [{ path, file: name }];
  const names = await readdir(path, { recursive: true });
  return names
    .filter((n) => PAGE_FILE.test(n))
    .sort()
    .map((n) => ({ path: join(path, n), file: `${name}/${relative(path, join(path, n)).split('\\').join('/')}` }));
};

/**
 * The first bytes of a file as text (gunzipped as far as they go, without a byte-order mark), to tell its form by
 * content. Reads one block; nothing is left open.
 */
export const headOf = async (input: UsageInput, limit = 64 << 10): Promise<string> => {
  let raw: Buffer;
  try {
    const fh = await open(input.path, 'r');
    try {
      const buf = Buffer.alloc(limit);
      raw = buf.subarray(0, (await fh.read(buf, 0, limit, 0)).bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw unreadable(input.file, e);
  }
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      // A cut-off stream inflates up to the cut with a sync flush instead of failing.
      bytes = gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return '';
    }
  }
  return bytes
    .subarray(0, limit)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
};

/** A whole file as text, or why it cannot be read as UTF-8 (the stored bytes go to `onRawChunk`). */
export const readText = async (
  input: UsageInput,
  onRawChunk?: (chunk: Buffer) => void,
): Promise<{ text: string } | { error: string }> => {
  let bytes: Buffer;
  try {
    bytes = await buffer((await openInput(input.path, onRawChunk)).stream);
  } catch (e) {
    throw unreadable(input.file, e);
  }
  return isUtf8(bytes) ? { text: bytes.toString('utf8') } : { error: 'not valid UTF-8 (save the file as UTF-8)' };
};
