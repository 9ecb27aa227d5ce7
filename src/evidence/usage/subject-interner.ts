import { FNV_OFFSET, fnvStep } from '../readers/index.js';

const hashBytes = (b: Uint8Array, s: number, e: number): number => {
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) h = fnvStep(h, b[i] ?? 0);
  return h;
};

/**
 * Gives each distinct subject (the bytes of its UTF-8 form) a dense id, straight from the bytes of the line: no
 * string per line, no Map. An open-addressing table of ids over a byte arena; names leave it as bytes (`bytesOf`,
 * once per subject, at the end of an import).
 */
export class SubjectInterner {
  /** Subjects `0..size-1`: subject `i` is `arena[starts[i], starts[i + 1])`, its FNV-1a hash `hashes[i]`. */
  private table = new Int32Array(1 << 16);
  private mask = (1 << 16) - 1;
  private hashes = new Int32Array(1 << 12);
  private starts = new Int32Array((1 << 12) + 1);
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private last = -1;
  size = 0;

  /** The id of the subject written in `b[s, e)`, whose FNV-1a hash is `h`. */
  idOfBytes(b: Uint8Array, s: number, e: number, h: number): number {
    // Exports come in order (by day, then person; or by person, then day): the next subject is usually the one
    // after the last, or the same again. Checking those first turns random memory access into a sequential walk.
    const next = this.last + 1;
    if (next < this.size && this.hashes[next] === h && this.equals(next, b, s, e)) return (this.last = next);
    if (this.last >= 0 && this.hashes[this.last] === h && this.equals(this.last, b, s, e)) return this.last;
    return (this.last = this.lookup(b, s, e, h));
  }

  private equals(id: number, b: Uint8Array, s: number, e: number): boolean {
    const from = this.starts[id] ?? 0;
    const len = e - s;
    if ((this.starts[id + 1] ?? 0) - from !== len) return false;
    let k = 0;
    while (k < len && this.arena[from + k] === b[s + k]) k++;
    return k === len;
  }

  private lookup(b: Uint8Array, s: number, e: number, h: number): number {
    let slot = h & this.mask;
    for (;;) {
      const entry = this.table[slot] ?? 0;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === h && this.equals(id, b, s, e)) return id;
      slot = (slot + 1) & this.mask;
    }
    return this.insert(b, s, e, h, slot);
  }

  idOf(subject: string): number {
    const bytes = Buffer.from(subject, 'utf8');
    return this.idOfBytes(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
  }

  /** The subject's UTF-8 bytes (a view, valid until the next insert). */
  bytesOf(id: number): Uint8Array {
    return this.arena.subarray(this.starts[id] ?? 0, this.starts[id + 1] ?? 0);
  }

  private insert(b: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const id = this.size++;
    if (id + 1 >= this.hashes.length) {
      this.hashes = grow(this.hashes, this.hashes.length * 2);
      this.starts = grow(this.starts, this.starts.length * 2);
    }
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    this.arena.set(b.subarray(s, e), this.used);
    this.starts[id] = this.used;
    this.used += len;
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.table[slot] = id + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = (this.hashes[id] ?? 0) & this.mask;
      while ((this.table[slot] ?? 0) !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    }
  }
}

const grow = (a: Int32Array, size: number): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(size);
  b.set(a);
  return b;
};
