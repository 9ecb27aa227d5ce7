import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGithubCopilot, readM365Copilot } from '../../../src/evidence/index.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();

/** Record texts that are not JSON but keep the page's brackets balanced (so only the record itself is bad). */
const brokenRecord = fc
  .tuple(
    fc.stringMatching(/^[a-zA-Z]{1,8}$/),
    fc.constantFrom('{"%": }', '{"%" 1}', '{,"%"}', '{"%": tru}', '{"%": 1,}', '[%]'),
  )
  .map(([k, t]) => t.replace('%', k));
/** Any JSON value that is not an object naming the record's key field. */
const strangerJson = (key: string) =>
  fc
    .json({ maxDepth: 2 })
    .filter((j) => {
      const v: unknown = JSON.parse(j);
      return !(typeof v === 'object' && v !== null && key in v);
    })
    .map((j) => JSON.stringify(JSON.parse(j)));
const notADate = fc.string({ maxLength: 12 }).filter((s) => s.trim() !== '' && !/\d{4}-\d{2}-\d{2}/.test(s));

type Entry = { good: boolean; text: string };

const m365Entry = (i: number): fc.Arbitrary<Entry> =>
  fc.oneof(
    fc.integer({ min: 1, max: 7 }).map((d) => ({
      good: true,
      text: JSON.stringify({
        reportRefreshDate: '2027-03-07',
        userPrincipalName: `user${i}@acme.example`,
        lastActivityDate: `2027-03-0${d}`,
        microsoftTeamsCopilotLastActivityDate: null,
        copilotActivityUserDetailsByPeriod: [{ reportPeriod: 7 }],
      }),
    })),
    brokenRecord.map((text) => ({ good: false, text })),
    strangerJson('userPrincipalName').map((text) => ({ good: false, text })),
    notADate.map((bad) => ({
      good: false,
      text: JSON.stringify({ userPrincipalName: `user${i}@acme.example`, wordCopilotLastActivityDate: bad }),
    })),
    fc.constantFrom('', '  ').map((upn) => ({ good: false, text: JSON.stringify({ userPrincipalName: upn }) })),
  );

const seatEntry = (i: number): fc.Arbitrary<Entry> =>
  fc.oneof(
    fc.integer({ min: 1, max: 9 }).map((d) => ({
      good: true,
      text: JSON.stringify({ assignee: { login: `user${i}` }, last_activity_at: `2027-03-0${d}T10:00:00Z` }),
    })),
    brokenRecord.map((text) => ({ good: false, text })),
    strangerJson('assignee').map((text) => ({ good: false, text })),
    notADate.map((bad) => ({
      good: false,
      text: JSON.stringify({ assignee: { login: `u${i}` }, last_activity_at: bad }),
    })),
    fc.constant({ good: false, text: JSON.stringify({ assignee: null, last_activity_at: '2027-03-01T00:00:00Z' }) }),
  );

const entries = (entry: (i: number) => fc.Arbitrary<Entry>) =>
  fc.integer({ min: 0, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entry(i))));

const forms = [
  { name: 'm365', key: 'value', entry: m365Entry, read: readM365Copilot },
  { name: 'seats', key: 'seats', entry: seatEntry, read: readGithubCopilot },
] as const;

describe('the Graph report and seat snapshot readers against malformed records (property-based)', () => {
  for (const form of forms)
    it(`${form.name}: never throws; reads each good record, reports each bad one at its line and index`, async () => {
      await fc.assert(
        fc.asyncProperty(entries(form.entry), fc.boolean(), async (list, pretty) => {
          const { write } = newDir();
          const name = `${form.name}.json`;
          const body = pretty
            ? `{\n  "note": "page 1",\n  "${form.key}": [\n${list.map((e) => `    ${e.text}`).join(',\n')}\n  ]\n}\n`
            : `{"${form.key}":[${list.map((e) => e.text).join(',')}]}`;
          const items = await collect(form.read(write(name, body), { file: `x/${name}` }));
          const errors = items.flatMap((i) => ('error' in i ? [i.error] : []));
          const records = items.flatMap((i) => ('record' in i ? [i.record] : []));
          expect(records.map((r) => r.employee)).toEqual(
            list.flatMap((e, i) => (e.good ? [form.name === 'm365' ? `user${i}@acme.example` : `user${i}`] : [])),
          );
          const placeOf = (e: { line: number; message: string }) =>
            `${e.line} ${new RegExp(`${form.key}\\[(\\d+)\\]`).exec(e.message)?.[1] ?? '?'}`;
          const expected = list.flatMap((e, i) => (e.good ? [] : [`${pretty ? i + 4 : 1} ${i}`]));
          expect(errors.map(placeOf)).toEqual(expected);
          for (const e of errors) expect(e.file).toBe(`x/${name}`);
        }),
        { numRuns: 80 },
      );
    });
});

/** A valid page cut, spliced or sprinkled with characters: whatever is left must be read or reported, never thrown. */
const mangled = (key: string) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 6 }),
      fc.boolean(),
      fc.nat(),
      fc.nat({ max: 30 }),
      fc.string({ maxLength: 8 }),
    )
    .map(([days, pretty, at, cut, insert]) => {
      const records = days.map((d, i) =>
        key === 'value'
          ? { userPrincipalName: `u${i}@a.example`, lastActivityDate: `2027-03-0${d}`, reportRefreshDate: '2027-03-09' }
          : { assignee: { login: `u${i}` }, last_activity_at: `2027-03-0${d}T10:00:00Z` },
      );
      const text = JSON.stringify({ [key]: records, total: records.length }, null, pretty ? 2 : undefined);
      const p = at % (text.length + 1);
      return `{${text.slice(1, p)}${insert}${text.slice(p + cut)}`;
    });

describe('the same readers against mangled files (property-based)', () => {
  for (const form of forms)
    it(`${form.name}: never throws; every error names the file and a line of it`, async () => {
      await fc.assert(
        fc.asyncProperty(mangled(form.key), async (text) => {
          const { write } = newDir();
          const items = await collect(form.read(write('page.json', text), { file: 'in/page.json' }));
          const lines = text.split('\n').length;
          for (const i of items)
            if ('error' in i) {
              expect(i.error.file).toBe('in/page.json');
              expect(i.error.line).toBeGreaterThanOrEqual(1);
              expect(i.error.line).toBeLessThanOrEqual(lines);
              expect(i.error.message).not.toBe('');
            } else expect(i.record.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }),
        { numRuns: 150 },
      );
    });
});
