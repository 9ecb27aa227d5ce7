/**
 * Paged JSON API responses as an export keeps them: one page (`{"value": [...], "@odata.nextLink": ...}` from
 * Microsoft Graph, `{"total_seats": n, "seats": [...]}` from GitHub), pages one per line, or a JSON array of pages.
 * Each element of a page's record array comes with the line it starts on and its index, so a bad record is
 * reported where it is; the page's other fields (next link, totals) come once the page closes. A record that is
 * not JSON is one error and the scan goes on; a break in the page's structure (a truncated file) is one error at
 * its line, and the scan resumes at the next line that starts a page.
 */
export type PageEvent =
  | { kind: 'record'; page: number; index: number; line: number; value: unknown }
  | { kind: 'page'; page: number; line: number; records: number; hasArray: boolean; fields: Map<string, unknown> }
  | { kind: 'error'; line: number; message: string };

class Broken extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);
const MAX_DEPTH = 512;

class JsonPageScanner {
  private readonly breaks: number[] = [];
  private pos = 0;
  private pages = 0;

  constructor(
    private readonly text: string,
    private readonly arrayKey: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
  }

  /** The 1-based line of an offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.breaks[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  *events(): Generator<PageEvent> {
    const t = this.text;
    if (t.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.skipWs() < t.length) {
      const start = this.pos;
      try {
        if (t[start] === '{') yield* this.page();
        else if (t[start] === '[') yield* this.pageArray();
        else throw new Broken(start, `expected a page (a JSON object), found ${this.shown(start)}`);
      } catch (e) {
        if (!(e instanceof Broken)) throw e;
        yield { kind: 'error', line: this.lineAt(e.at), message: e.message };
        this.resync(Math.max(e.at, start + 1));
      }
    }
  }

  private shown(at: number): string {
    const c = this.text[at];
    return c === undefined ? 'the end of the file' : `"${this.text.slice(at, at + 12).split('\n')[0] ?? c}"`;
  }

  /** After a break: the next line that starts (unindented) with `{` or `[`. */
  private resync(from: number): void {
    const t = this.text;
    let i = t.indexOf('\n', from);
    while (i >= 0 && i + 1 < t.length && t[i + 1] !== '{' && t[i + 1] !== '[') i = t.indexOf('\n', i + 1);
    this.pos = i < 0 ? t.length : i + 1;
  }

  private skipWs(): number {
    const t = this.text;
    while (this.pos < t.length && WS.has(t[this.pos] ?? '')) this.pos++;
    return this.pos;
  }

  private expect(c: string, what: string): void {
    if (this.text[this.skipWs()] !== c) throw new Broken(this.pos, `expected ${what}, found ${this.shown(this.pos)}`);
    this.pos++;
  }

  private *pageArray(): Generator<PageEvent> {
    this.pos++;
    if (this.text[this.skipWs()] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text[this.skipWs()] !== '{')
        throw new Broken(this.pos, `expected a page (a JSON object), found ${this.shown(this.pos)}`);
      yield* this.page();
      if (this.text[this.skipWs()] === ']') {
        this.pos++;
        return;
      }
      this.expect(',', '"," or "]" after a page');
    }
  }

  private *page(): Generator<PageEvent> {
    const start = this.pos;
    const page = ++this.pages;
    const fields = new Map<string, unknown>();
    let records = 0;
    let hasArray = false;
    this.pos++;
    if (this.text[this.skipWs()] === '}') this.pos++;
    else
      for (;;) {
        const key = this.key();
        this.expect(':', `":" after "${key}"`);
        if (key === this.arrayKey && this.text[this.skipWs()] === '[') {
          hasArray = true;
          for (const ev of this.records(page)) {
            if (ev.kind === 'record') records++;
            yield ev;
          }
        } else {
          const from = this.skipWs();
          this.pos = this.skipValue(from, 0);
          fields.set(key, parseOr(this.text.slice(from, this.pos), undefined));
        }
        if (this.text[this.skipWs()] === '}') {
          this.pos++;
          break;
        }
        this.expect(',', '"," or "}" in a page');
      }
    yield { kind: 'page', page, line: this.lineAt(start), records, hasArray, fields };
  }

  private key(): string {
    const from = this.skipWs();
    if (this.text[from] !== '"') throw new Broken(from, `expected a field name, found ${this.shown(from)}`);
    this.pos = this.skipValue(from, 0);
    const key = parseOr(this.text.slice(from, this.pos), null);
    if (typeof key !== 'string') throw new Broken(from, 'a field name that is not a JSON string');
    return key;
  }

  private *records(page: number): Generator<PageEvent> {
    this.pos++;
    let index = 0;
    if (this.text[this.skipWs()] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      const from = this.skipWs();
      this.pos = this.skipValue(from, 0);
      const line = this.lineAt(from);
      const value = parseOr(this.text.slice(from, this.pos), NOT_JSON);
      if (value !== NOT_JSON) yield { kind: 'record', page, index, line, value };
      else {
        const why = notJsonReason(this.text.slice(from, this.pos));
        yield { kind: 'error', line, message: `${this.arrayKey}[${index}] is not JSON: ${why}` };
      }
      index++;
      if (this.text[this.skipWs()] === ']') {
        this.pos++;
        return;
      }
      this.expect(',', `"," or "]" after ${this.arrayKey}[${index - 1}]`);
    }
  }

  /** The end of the value at `from` (strings, nesting and scalars; JSON.parse judges the content). */
  private skipValue(from: number, depth: number): number {
    const t = this.text;
    const c = t[from];
    if (c === undefined) throw new Broken(from, 'the file ends where a value should be (truncated?)');
    if (c === '"') {
      for (let i = from + 1; i < t.length; i++) {
        if (t[i] === '\\') i++;
        else if (t[i] === '"') return i + 1;
        else if (t[i] === '\n') break;
      }
      throw new Broken(from, 'a string that does not end on its line');
    }
    if (c === '{' || c === '[') {
      if (depth > MAX_DEPTH) throw new Broken(from, `values nested deeper than ${MAX_DEPTH}`);
      const close = c === '{' ? '}' : ']';
      let i = from + 1;
      for (;;) {
        while (i < t.length && WS.has(t[i] ?? '')) i++;
        const d = t[i];
        if (d === undefined)
          throw new Broken(from, `a ${c === '{' ? 'object' : 'array'} that never closes (truncated?)`);
        if (d === close) return i + 1;
        if (d === '}' || d === ']') throw new Broken(i, `"${d}" closes a "${c}"`);
        if (d === ',' || d === ':') {
          i++;
          continue;
        }
        i = this.skipValue(i, depth + 1);
      }
    }
    let i = from;
    while (i < t.length && !WS.has(t[i] ?? '') && t[i] !== ',' && t[i] !== '}' && t[i] !== ']' && t[i] !== ':') i++;
    if (i === from) throw new Broken(from, `unexpected ${this.shown(from)}`);
    return i;
  }
}

const NOT_JSON = Symbol('not JSON');

const parseOr = (text: string, fallback: unknown): unknown => {
  try {
    const v: unknown = JSON.parse(text);
    return v;
  } catch {
    return fallback;
  }
};

const notJsonReason = (text: string): string => {
  try {
    JSON.parse(text);
    return 'unreadable';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

/** The events of one file's text (see JsonPageScanner). */
export const jsonPages = (text: string, arrayKey: string): Generator<PageEvent> =>
  new JsonPageScanner(text, arrayKey).events();
