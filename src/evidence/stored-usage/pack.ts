import type { SourceWriter, SubjectKind } from '../../state/evidence-store.js';
import { UsageEncoder } from './codec.js';

/**
 * Packs many subjects' use blobs into one stored row: `[varint subject length][subject UTF-8][varint blob
 * length][blob]` repeated. Writing and reading 1.6 million subjects then costs a few hundred rows, not millions.
 */
const PACK_BYTES = 256 << 10;

const putVarint = (buf: Uint8Array, at: number, value: number): number => {
  let v = value;
  let i = at;
  while (v >= 0x80) {
    buf[i++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[i++] = v;
  return i;
};

export class UsagePacker {
  private buf = new Uint8Array(PACK_BYTES + 4096);
  private used = 0;
  private subjects = 0;
  private days = 0;
  private readonly encoder = new UsageEncoder();

  constructor(
    private readonly writer: SourceWriter,
    private readonly kind: SubjectKind,
  ) {}

  /** Adds one subject's use (days ascending); the arrays are encoded at once, so they may be reused after. */
  add(subject: Uint8Array, days: Int32Array, events: Int32Array, minutes: Float64Array): void {
    const blob = this.encoder.encode(days, events, minutes);
    const need = subject.length + blob.length + 10;
    if (this.used + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = new Uint8Array(need);
    }
    this.used = putVarint(this.buf, this.used, subject.length);
    this.buf.set(subject, this.used);
    this.used += subject.length;
    this.used = putVarint(this.buf, this.used, blob.length);
    this.buf.set(blob, this.used);
    this.used += blob.length;
    this.subjects++;
    this.days += days.length;
    if (this.used >= PACK_BYTES) this.flush();
  }

  flush(): void {
    if (this.subjects === 0) return;
    this.writer.usagePack(this.kind, this.subjects, this.days, this.buf.subarray(0, this.used));
    this.used = 0;
    this.subjects = 0;
    this.days = 0;
  }
}

/** Calls `each` with every packed subject's byte range and its blob's. */
export const forEachPacked = (
  data: Uint8Array,
  each: (subjectStart: number, subjectEnd: number, blobStart: number, blobEnd: number) => void,
): void => {
  let at = 0;
  while (at < data.length) {
    let len = 0;
    let shift = 0;
    for (let b = 0x80; b >= 0x80; shift += 7) {
      b = data[at++] ?? 0;
      len |= (b & 0x7f) << shift;
    }
    const subjectStart = at;
    at += len;
    const subjectEnd = at;
    len = 0;
    shift = 0;
    for (let b = 0x80; b >= 0x80; shift += 7) {
      b = data[at++] ?? 0;
      len |= (b & 0x7f) << shift;
    }
    each(subjectStart, subjectEnd, at, at + len);
    at += len;
  }
};
