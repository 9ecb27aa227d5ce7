import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoOfEpochDay } from '../../../src/evidence/index.js';
import { scanUsage } from '../../../src/evidence/readers/index.js';
import { summariseUsage, type UsageSummary } from '../../../src/evidence/usage/index.js';
import { tempDir } from './helpers.js';

const newDir = tempDir();

interface Good {
  subject: string;
  date: string;
  events: number;
  minutes: number;
}

/**
 * A file with what makes summing hard: a BOM, CRLF, blank lines, bad rows all through it, the same subject and day
 * on lines far apart, a day whose events sum to 0 (not an active day: its minutes must not leak), fractional
 * minutes, a non-ASCII subject (read through JSON.parse rather than from the bytes). `rounds` x 150 lines.
 */
const usageFile = (rounds = 12): { text: string; good: Good[]; badLines: number[] } => {
  const lines: string[] = [];
  const good: Good[] = [];
  const badLines: number[] = [];
  for (let d = 0; d < rounds; d++)
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
      const subject = i % 7 === 0 ? `U${i}+tag@Example.com` : `u${i}@example.com`;
      const date = `2027-03-0${1 + (d % 5)}`;
      const events = i === 0 && d % 5 === 0 ? 0 : (i + d) % 4;
      const minutes = ((i * d) % 9) * 0.25;
      lines.push(JSON.stringify({ employee: subject, date, tool: 'copilot', events, minutesSaved: minutes }));
      good.push({ subject, date, events, minutes });
    }
  lines.push('{"employee":"héloïse@example.com","date":"2027-03-02","events":1}');
  good.push({ subject: 'héloïse@example.com', date: '2027-03-02', events: 1, minutes: 0 });
  return { text: `\uFEFF${lines.join('\r\n')}\r\n`, good, badLines };
};

type Row = [subject: string, days: [date: string, events: number, minutes: number][]];

/** The good lines summed per subject per day the plain way (in file order), days without events left out. */
const expected = (good: readonly Good[]): Row[] => {
  const bySubject = new Map<string, Map<string, [number, number]>>();
  for (const g of good) {
    const days = bySubject.get(g.subject) ?? new Map<string, [number, number]>();
    const [events, minutes] = days.get(g.date) ?? [0, 0];
    days.set(g.date, [events + g.events, minutes + g.minutes]);
    bySubject.set(g.subject, days);
  }
  const rows: Row[] = [];
  for (const [subject, days] of bySubject) {
    const active = [...days].filter(([, [events]]) => events > 0).sort(([a], [b]) => a.localeCompare(b));
    if (active.length > 0) rows.push([subject, active.map(([date, [events, minutes]]) => [date, events, minutes])]);
  }
  return rows.sort(([a], [b]) => a.localeCompare(b));
};

const contents = (s: UsageSummary): Row[] => {
  const rows: Row[] = [];
  s.forEach((subject, days, events, minutes) =>
    rows.push([
      Buffer.from(subject).toString('utf8'),
      [...days].map((d, i) => [isoOfEpochDay(d), events[i] ?? -1, minutes[i] ?? -1]),
    ]),
  );
  return rows.sort(([a], [b]) => a.localeCompare(b));
};

const summarise = (path: string, keepErrors = 100, aggregator?: { partitions?: number; memoryBudget?: number }) =>
  summariseUsage(path, { scan: scanUsage, reader: { file: 'usage.ndjson', zone: 'UTC' }, keepErrors, aggregator });

describe('summariseUsage', () => {
  it('sums every subject per day as the good lines add up, and reports each bad row with its line', async () => {
    const { write } = newDir();
    const { text, good, badLines } = usageFile();
    const s = await summarise(write('usage.ndjson', text));
    try {
      const want = expected(good);
      expect(contents(s)).toEqual(want);
      const subjects = new Set(good.map((g) => g.subject)).size;
      expect(s).toMatchObject({ loaded: good.length, badRows: badLines.length, subjects });
      expect(s.errors.map((e) => e.line)).toEqual(badLines);
      // u0's idle days are not active days; the non-ASCII subject came through.
      const u0 = want.find(([subject]) => subject === 'U0+tag@Example.com')?.[1] ?? [];
      expect(u0.map(([date]) => date)).not.toContain('2027-03-01');
      expect(want.some(([subject]) => subject === 'héloïse@example.com')).toBe(true);
    } finally {
      s.dispose();
    }
  });

  it('keeps only the first bad rows, in file order, and counts them all', async () => {
    const { write } = newDir();
    const { text, badLines } = usageFile();
    const s = await summarise(write('usage.ndjson', text), 5);
    s.dispose();
    expect(s.badRows).toBe(badLines.length);
    expect(s.errors.map((e) => e.line)).toEqual(badLines.slice(0, 5));
  });

  it('reads a gzip file to the same result', async () => {
    const { write } = newDir();
    const { text } = usageFile();
    const plain = await summarise(write('usage.ndjson', text));
    const gz = await summarise(write('usage.ndjson.gz', text, { gzip: true }));
    expect(contents(gz)).toEqual(contents(plain));
    expect(gz.errors).toEqual(plain.errors);
    plain.dispose();
    gz.dispose();
  });

  it('gives the same sums when its records spill to temp files, and removes them on dispose', async () => {
    const { dir, write } = newDir();
    const { text, good } = usageFile(40);
    const path = write('usage.ndjson', text);
    // Temp files go to a folder of this test's own (os.tmpdir() reads TMPDIR), so no other run's files are counted.
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    try {
      const s = await summarise(path, 100, { partitions: 1, memoryBudget: 1 });
      expect(readdirSync(temp).length).toBe(1);
      expect(contents(s)).toEqual(expected(good));
      s.dispose();
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
