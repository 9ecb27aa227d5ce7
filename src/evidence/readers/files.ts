import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { EvidenceError } from '../../errors.js';

export interface OpenedInput {
  /** The bytes of the file, gunzipped when it was compressed. */
  stream: Readable;
  gzip: boolean;
  size: number;
  mtimeMs: number;
}

const head = async (path: string, n: number): Promise<Buffer> => {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
};

const isGzip = (path: string, magic: Buffer): boolean =>
  path.toLowerCase().endsWith('.gz') || (magic[0] === 0x1f && magic[1] === 0x8b);

/**
 * Opens an evidence file for streaming: gzip by `.gz` or by its magic bytes; a UTF-16 file (what spreadsheet
 * programs write as "Unicode text") is refused with a clear message rather than read as garbage.
 * `onRawChunk` sees the bytes as stored (before gunzip), for the content hash that makes re-imports idempotent.
 */
export const openInput = async (path: string, onRawChunk?: (chunk: Buffer) => void): Promise<OpenedInput> => {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new EvidenceError(
      `cannot read evidence file ${basename(path)}: ${e instanceof Error ? e.message : String(e)}`,
      { where: path, cause: e },
    );
  }
  if (!info.isFile()) throw new EvidenceError(`evidence path ${basename(path)} is not a file`, { where: path });
  const magic = await head(path, 4);
  const gzip = isGzip(path, magic);
  if (!gzip && ((magic[0] === 0xff && magic[1] === 0xfe) || (magic[0] === 0xfe && magic[1] === 0xff)))
    throw new EvidenceError(`${basename(path)} is UTF-16 text; save it as UTF-8 (CSV UTF-8) and import it again`, {
      where: path,
    });
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let raw: Readable = file;
  if (onRawChunk) {
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        onRawChunk(chunk);
        done(null, chunk);
      },
    });
    file.on('error', (e) => tap.destroy(e));
    raw = file.pipe(tap);
  }
  if (!gzip) return { stream: raw, gzip, size: info.size, mtimeMs: info.mtimeMs };
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  gunzip.on('error', () => file.destroy());
  return { stream: raw.pipe(gunzip), gzip, size: info.size, mtimeMs: info.mtimeMs };
};

/** Wraps a stream error (truncated gzip, vanished file) as the one error an unreadable file raises. */
export const unreadable = (file: string, e: unknown): EvidenceError =>
  e instanceof EvidenceError
    ? e
    : new EvidenceError(`cannot read evidence file ${file}: ${e instanceof Error ? e.message : String(e)}`, {
        where: file,
        cause: e,
      });

/**
 * The whole (gunzipped) content of a stream, refused once it passes `limit` bytes: the stream is stopped there,
 * so neither a huge file nor a gzip bomb is held whole. `tooBig` makes the error that names the file.
 */
export const readBounded = async (stream: Readable, limit: number, tooBig: () => Error): Promise<Buffer> => {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    if (!Buffer.isBuffer(chunk)) continue;
    total += chunk.length;
    if (total > limit) {
      stream.destroy();
      throw tooBig();
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
};
