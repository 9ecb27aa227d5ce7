import { EvidenceError } from '../../errors.js';
import { NDJSON_LINE_BYTES } from '../limits.js';

export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

/**
 * Splits a byte stream into lines without decoding it: the handler gets the chunk and the line's byte range, so
 * a line costs no string unless the parser wants one. Strips a trailing CR (Windows line endings) and a UTF-8 BOM.
 */
export class LineSplitter {
  /** The start of a line that runs past the chunks read so far, kept as parts (no quadratic re-copying). */
  private carry: Buffer[] = [];
  private carried = 0;
  private line = 0;

  /** `fileStart`: the bytes begin the file (a BOM is looked for); false for a later byte range of it. */
  constructor(
    private readonly onLine: LineHandler,
    private readonly file: string,
    private readonly fileStart = true,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry.length > 0) {
      const nl = chunk.indexOf(10);
      this.keep(nl < 0 ? chunk : chunk.subarray(0, nl));
      if (nl < 0) return;
      const joined = Buffer.concat(this.carry, this.carried);
      this.carry = [];
      this.carried = 0;
      this.emit(joined, 0, joined.length);
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    // A copy, so the 1 MB chunk is not kept alive by its last few bytes.
    if (start < chunk.length) this.keep(Buffer.from(chunk.subarray(start)));
  }

  end(): void {
    if (this.carry.length === 0) return;
    const rest = Buffer.concat(this.carry, this.carried);
    this.carry = [];
    this.carried = 0;
    this.emit(rest, 0, rest.length);
  }

  get lines(): number {
    return this.line;
  }

  /** Holds part of an unfinished line; past the limit the file is refused (a 1 GB line is never held whole). */
  private keep(part: Buffer): void {
    this.carried += part.length;
    if (this.carried > NDJSON_LINE_BYTES)
      throw new EvidenceError(
        `${this.file}: line ${this.line + 1} is longer than ${NDJSON_LINE_BYTES >> 20} MB (the limit for one line)`,
        {
          where: `${this.file}:${this.line + 1}`,
        },
      );
    this.carry.push(part);
  }

  private emit(buf: Buffer, start: number, end: number): void {
    this.line++;
    let s = start;
    let e = end;
    if (e > s && buf[e - 1] === 13) e--;
    if (this.line === 1 && this.fileStart && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    this.onLine(buf, s, e, this.line);
  }
}
