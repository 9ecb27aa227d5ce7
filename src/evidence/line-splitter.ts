import { EvidenceError } from '../errors.js';

export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

const MAX_LINE = 64 << 20;

/**
 * Splits a byte stream into lines without decoding it: the handler gets the chunk and the line's byte range, so
 * a line costs no string unless the parser wants one. Strips a trailing CR (Windows line endings) and a UTF-8 BOM.
 */
export class LineSplitter {
  private carry: Buffer | null = null;
  private line = 0;

  /** `fileStart`: the bytes begin the file (a BOM is looked for); false for a later byte range of it. */
  constructor(
    private readonly onLine: LineHandler,
    private readonly file: string,
    private readonly fileStart = true,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry !== null) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        if (this.carry.length > MAX_LINE) throw new EvidenceError(`${this.file}: line ${this.line + 1} is longer than 64 MB`, { where: `${this.file}:${this.line + 1}` });
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = null;
      this.emit(joined, 0, joined.length);
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    // A copy, so the 1 MB chunk is not kept alive by its last few bytes.
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
  }

  end(): void {
    if (this.carry === null) return;
    const rest = this.carry;
    this.carry = null;
    this.emit(rest, 0, rest.length);
  }

  get lines(): number {
    return this.line;
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
