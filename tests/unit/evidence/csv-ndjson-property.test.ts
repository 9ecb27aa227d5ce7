import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCertifications, readUsage } from '../../../src/evidence/index.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();

/** A CSV field written as a spreadsheet would: quoted when it holds a comma, a quote or a line break. */
const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const field = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '\u001b[2J',
    '9999-12-31',
    '1000-01-01',
    '2027-02-30',
    '0999-01-01',
  ),
);
const date = fc.oneof(
  field,
  fc
    .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);

describe('CSV and NDJSON readers (property-based)', () => {
  it('a certifications CSV of N rows gives N items, each on the line its row starts, a record keeping its fields', async () => {
    let records = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, field, field, date, date), { minLength: 1, maxLength: 12 }),
        async (rows) => {
          const lines = rows.map((r) => [...r, ''].map(csvField).join(','));
          const { write } = newDir();
          const path = write(
            'c.csv',
            ['employee,issuer,credential,issued_on,expires_on,verification_url', ...lines].join('\n'),
          );
          const items = await collect(readCertifications(path));
          // Every row has six fields (the last one empty), so none is a blank line.
          expect(items).toHaveLength(rows.length);
          records += items.filter((i) => 'record' in i).length;
          // Each row starts on the line after the line breaks of the rows before it.
          const starts: number[] = [];
          let line = 2;
          for (const l of lines) {
            starts.push(line);
            line += 1 + (l.match(/\n/g)?.length ?? 0);
          }
          for (const item of items) {
            const at = 'record' in item ? Number(item.record.source.split(':')[1]) : item.error.line;
            const i = starts.indexOf(at);
            expect(i, `line ${at} is the start of a row`).toBeGreaterThanOrEqual(0);
            const row = rows[i];
            if ('record' in item && row) {
              expect(item.record.employee).toBe(row[0].trim());
              expect(item.record.issuer).toBe(row[1].trim());
              expect(item.record.issuedOn).toBe(row[3].trim());
              expect(item.record.expiresOn).toBe(
                row[4].trim() === '' || row[4].trim() === '9999-12-31' ? null : row[4].trim(),
              );
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(records).toBeGreaterThan(20);
  });

  it('usage NDJSON: one item per non-blank line, with that line; a record has a date in 1970-2200 and sane counts', async () => {
    const line = fc.oneof(
      fc.json({ maxDepth: 2 }),
      fc
        .record(
          {
            employee: fc.oneof(fc.string(), fc.integer()),
            date: date,
            events: fc.oneof(fc.integer(), fc.double(), fc.constant(1e308)),
            minutesSaved: fc.oneof(fc.double(), fc.nat()),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          line.map((l) => l.replace(/[\r\n]/g, ' ')),
          { minLength: 1, maxLength: 15 },
        ),
        async (lines) => {
          const { write } = newDir();
          const path = write('u.ndjson', lines.join('\n'));
          const items = await collect(readUsage(path));
          const expected = lines.flatMap((l, i) => (l.trim() === '' ? [] : [i + 1]));
          const got = items.map((it) => ('error' in it ? it.error.line : null));
          // Records carry no line; errors do, and every error is on a non-blank line.
          expect(items.length).toBe(expected.length);
          for (const l of got) if (l !== null) expect(expected).toContain(l);
          for (const it of items)
            if ('record' in it) {
              expect(it.record.date >= '1970-01-01' && it.record.date <= '2200-12-31').toBe(true);
              expect(it.record.events).toBeLessThanOrEqual(1_000_000);
              expect(it.record.minutesSaved).toBeLessThanOrEqual(1440);
            }
        },
      ),
      { numRuns: 150 },
    );
  });
});
