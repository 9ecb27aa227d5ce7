import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { epochDay, EvidenceStore, importEvidence } from '../../../src/evidence/index.js';
import { summariseUsageFile } from '../../../src/evidence/usage-parallel.js';
import type { UsageSummary } from '../../../src/evidence/usage-summary.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { tempDir } from './helpers.js';

const newDir = tempDir();
const stores: StateStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/**
 * A file with what makes splitting hard: a BOM, CRLF, blank lines, bad rows all through it, the same subject and
 * day on both sides of any cut, a day whose events sum to 0 (its minutes must not leak), fractional minutes.
 */
const usageFile = (): { text: string; badLines: number[] } => {
  const lines: string[] = [];
  const badLines: number[] = [];
  for (let d = 0; d < 12; d++)
    for (let i = 0; i < 150; i++) {
      const n = lines.length + 1;
      if (n % 97 === 0) {
        lines.push(n % 2 === 0 ? '{"employee":"u1@example.com","date":"2027-03-01","events":-1}' : '{not json');
        badLines.push(n);
        continue;
      }
      if (n % 61 === 0) {
        lines.push('');
        continue;
      }
      // Days repeat (d % 5) so a subject's day is summed from lines far apart; u0 is idle on its first day.
      const events = i === 0 && d % 5 === 0 ? 0 : (i + d) % 4;
      lines.push(JSON.stringify({ employee: i % 7 === 0 ? `U${i}+tag@Example.com` : `u${i}@example.com`, date: `2027-03-0${1 + (d % 5)}`, tool: 'copilot', events, minutesSaved: ((i * d) % 9) * 0.25 }));
    }
  lines.push('{"employee":"héloïse@example.com","date":"2027-03-02","events":1}');
  return { text: `\uFEFF${lines.join('\r\n')}\r\n`, badLines };
};

const contents = (s: UsageSummary) => {
  const out: [string, number[], number[], number[]][] = [];
  s.forEach((subject, days, events, minutes) => out.push([Buffer.from(subject).toString('utf8'), [...days], [...events], [...minutes]]));
  return out;
};

// Each parallel run starts worker threads (a second or so on a busy machine).
describe('summariseUsageFile on several threads', { timeout: 120_000 }, () => {
  it('gives the same totals, subjects, order and bad-row lines as one thread', async () => {
    const { write } = newDir();
    const { text, badLines } = usageFile();
    const path = write('usage.ndjson', text);
    const opts = { file: 'usage.ndjson', zone: 'UTC', keepErrors: 100 };
    const one = await summariseUsageFile(path, { ...opts, parallel: { threads: 1 } });
    const three = await summariseUsageFile(path, { ...opts, parallel: { threads: 3, minBytes: 0 } });
    expect(one.threads).toBe(1);
    expect(three.threads).toBe(3);
    expect(one.errors.map((e) => e.line)).toEqual(badLines);
    expect(three.errors).toEqual(one.errors);
    expect(three).toMatchObject({ loaded: one.loaded, badRows: one.badRows, subjects: one.subjects });
    const expected = contents(one);
    expect(expected.length).toBeGreaterThan(100);
    // The idle day of u0 stays out; the non-ASCII subject came through the slow path.
    const u0 = expected.find(([s]) => s === 'U0+tag@Example.com')?.[1] ?? [];
    expect(u0.length).toBe(4);
    expect(u0).not.toContain(epochDay('2027-03-01'));
    expect(expected.some(([s]) => s === 'héloïse@example.com')).toBe(true);
    expect(contents(three)).toEqual(expected);
  });

  it('keeps only the first bad rows, in file order, with their lines', async () => {
    const { write } = newDir();
    const { text, badLines } = usageFile();
    const path = write('usage.ndjson', text);
    const two = await summariseUsageFile(path, { file: 'usage.ndjson', zone: 'UTC', keepErrors: 5, parallel: { threads: 2, minBytes: 0 } });
    expect(two.threads).toBe(2);
    expect(two.badRows).toBe(badLines.length);
    expect(two.errors.map((e) => e.line)).toEqual(badLines.slice(0, 5));
  });

  it('reads a gzip file on one thread (a deflate stream cannot be cut) with the same result', async () => {
    const { write } = newDir();
    const { text } = usageFile();
    const plain = await summariseUsageFile(write('usage.ndjson', text), { file: 'u', zone: 'UTC', keepErrors: 100, parallel: { threads: 2, minBytes: 0 } });
    const gz = await summariseUsageFile(write('usage.ndjson.gz', text, { gzip: true }), { file: 'u', zone: 'UTC', keepErrors: 100, parallel: { threads: 2, minBytes: 0 } });
    expect(gz.threads).toBe(1);
    expect(plain.threads).toBe(2);
    expect(contents(gz)).toEqual(contents(plain));
    expect(gz.errors).toEqual(plain.errors);
  });

  it('stores byte-identical packs through importEvidence either way', async () => {
    const { dir, write } = newDir();
    write('usage.ndjson', usageFile().text);
    const packs = async (name: string, threads: number) => {
      const store = new StateStore(join(dir, name, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
      stores.push(store);
      const r = await importEvidence({ kind: 'usage', file: 'usage.ndjson', store, config: { credentials: {} }, configDir: dir, zone: 'UTC', parallel: { threads, minBytes: 0 } });
      return { r, data: [...new EvidenceStore(store.db).usagePacks()].map((p) => p.data.toString('hex')) };
    };
    const one = await packs('one', 1);
    const two = await packs('two', 2);
    expect(two.r).toEqual(one.r);
    expect(two.data).toEqual(one.data);
    expect(one.data.length).toBeGreaterThan(0);
  });
});
