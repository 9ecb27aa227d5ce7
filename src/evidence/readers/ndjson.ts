import { openInput, unreadable } from './files.js';
import { LineSplitter, type LineHandler } from './line-splitter.js';

/**
 * Streams an NDJSON file (gzip or not) line by line into `onLine`, yielding after each chunk read (about 1 MB),
 * so a caller can hand on what that chunk produced without ever collecting the file.
 */
export async function* ndjsonScan(
  path: string,
  file: string,
  onLine: LineHandler,
  onRawChunk?: (c: Buffer) => void,
): AsyncGenerator<number> {
  const splitter = new LineSplitter(onLine, file);
  const input = await openInput(path, onRawChunk);
  try {
    for await (const chunk of input.stream) {
      if (!Buffer.isBuffer(chunk)) continue;
      splitter.push(chunk);
      yield splitter.lines;
    }
    splitter.end();
    yield splitter.lines;
  } catch (e) {
    input.stream.destroy();
    throw unreadable(file, e);
  }
}
