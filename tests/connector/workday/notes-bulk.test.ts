/**
 * Exception notes written 100 at a time (`fields.noteReferenceId`, docs/connectors/workday.md "Notes written 100 at
 * a time"): bulk calls of several workers, verified once a session by reading a note back by its Reference ID, a
 * resend that updates the same instances, the fall-back to Edit_Worker_Additional_Data (with a warning) when the
 * tenant does not match on the Reference ID, the delta read that reads the notes again, and `check`'s item.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import type { Change } from '../../../schemas/index.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { noteRefKey } from '../../../connectors/workday/note-write.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { planReading } from '../../helpers/delta-plan.js';
import { engineFor } from '../../helpers/engine.js';
import { readOptions, sandboxConfig, smallOrg, testContext } from './helpers.js';
import { planFor } from './plan-helper.js';

let sb: WorkdaySandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const REF = { fields: { noteReferenceId: 'noteKey' } };
const start = async (org = smallOrg(250, 5)) => {
  sb = await startWorkdaySandbox({ org, port: 0 });
  return sb;
};
const sessionOf = async (s: WorkdaySandbox, extra: Record<string, unknown> = REF) =>
  workdayConnector.create(sandboxConfig(s.connectorConfig('us'), s.env, extra), await testContext());
const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(readOptions)) out.push(...page);
  return out;
};
const notesOf = (changes: Change[]) => changes.filter((c) => c.kind === 'exception-note');
const byRoute = (s: WorkdaySandbox, route: string) => s.stats().byRoute[route] ?? 0;
const heldCount = (s: WorkdaySandbox) =>
  Object.values(s.snapshot().exceptionNotes).reduce((n, list) => n + list.length, 0);
const SOAP_NOTES = 'POST Staffing Edit_Worker_Additional_Data';
const CHECK_ITEM = 'bulk note writes: Reference ID (connectors[0].fields.noteReferenceId)';

describe('Workday exception notes written with bulk=true', () => {
  it('writes the notes of many workers in bulk calls, verified once, without reading them first', async () => {
    const s = await start();
    const session = await sessionOf(s);
    const notes = notesOf(planFor(await readAll(session)));
    const workers = new Set(notes.map((n) => n.employeeId));
    expect(workers.size).toBeGreaterThan(1);
    expect((await session.check()).find((i) => i.name === CHECK_ITEM)?.detail).toContain(
      'verified with the first write',
    );
    s.resetStats();
    const out = await session.apply(notes, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    expect(byRoute(s, 'POST customObject bulk')).toBe(Math.ceil(notes.length / 100));
    expect(byRoute(s, SOAP_NOTES)).toBe(0);
    expect(byRoute(s, 'GET customObject by reference ID')).toBe(1);
    // Nothing is replaced, so nothing is read before the write.
    expect(byRoute(s, 'GET wql data exceptions') + byRoute(s, 'GET customObject multi')).toBe(0);
    const snap = s.snapshot();
    for (const n of notes) {
      if (n.kind !== 'exception-note') continue;
      expect(snap.exceptionNotes[n.employeeId]).toContainEqual(n.after);
    }
    expect(heldCount(s)).toBe(notes.length);
    expect(session.warnings().filter((w) => w.includes('noteReferenceId'))).toEqual([]);
    expect(notesOf(planFor(await readAll(session)))).toEqual([]);
    const item = (await session.check()).find((i) => i.name === CHECK_ITEM);
    expect(item?.ok).toBe(true);
    expect(item?.detail).toContain('answers by its Reference ID');
  });

  it('a resend of the same notes, from another session, updates the same instances: no duplicate', async () => {
    const s = await start();
    const notes = notesOf(planFor(await readAll(await sessionOf(s))));
    await (await sessionOf(s)).apply(notes, readOptions);
    const before = s.snapshot().exceptionNotes;
    s.resetStats();
    const out = await (await sessionOf(s)).apply(notes, readOptions);
    expect(out.every((o) => o.outcome === 'applied')).toBe(true);
    expect(byRoute(s, 'POST customObject bulk')).toBe(Math.ceil(notes.length / 100));
    expect(s.snapshot().exceptionNotes).toEqual(before);
    expect(heldCount(s)).toBe(notes.length);
  });

  it('records the notes Workday refused as failed, with their path, and writes the others once', async () => {
    const s = await start();
    const session = await sessionOf(s);
    const notes = notesOf(planFor(await readAll(session))).slice(0, 30);
    const refused = [notes[3]?.employeeId ?? ''];
    s.setQuirks({ refuseInstancesOf: refused });
    s.resetStats();
    const out = await session.apply(notes, readOptions);
    const failed = out.filter((o) => o.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((o) => o.error?.code))).toEqual(new Set(['FF_REJECTED']));
    expect(failed.every((o) => /^\[\d+\]\.worker$/.test(o.error?.where ?? ''))).toBe(true);
    const refusedKeys = new Set(notes.filter((n) => refused.includes(n.employeeId)).map((n) => n.key));
    expect(new Set(failed.map((o) => o.key))).toEqual(refusedKeys);
    // One refused call, one with the rest; then the read-back of a written note.
    expect(byRoute(s, 'POST customObject bulk')).toBe(2);
    expect(byRoute(s, 'GET customObject by reference ID')).toBe(1);
    expect(heldCount(s)).toBe(notes.length - refusedKeys.size);
  });

  it('falls back to Edit_Worker_Additional_Data, with a warning, when the tenant does not match the Reference ID', async () => {
    const s = await start();
    s.setQuirks({ exceptionReferenceId: false });
    const session = await sessionOf(s);
    const notes = notesOf(planFor(await readAll(session)));
    const first = notes.slice(0, 5);
    const rest = notes.slice(5);
    expect(new Set(rest.map((n) => n.employeeId)).size).toBeGreaterThan(1);
    s.resetStats();
    expect((await session.apply(first, readOptions)).every((o) => o.outcome === 'applied')).toBe(true);
    expect(byRoute(s, 'POST customObject bulk')).toBe(1);
    expect(byRoute(s, 'GET customObject by reference ID')).toBe(1);
    const warnings = session.warnings().filter((w) => w.includes('noteReferenceId'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^FF_SETUP_MISSING: connectors\[0\]\.fields\.noteReferenceId: /);
    expect(warnings[0]).toContain('Notes written 100 at a time');
    // The rest of the session writes one worker per SOAP call, after reading what the workers hold.
    s.resetStats();
    expect((await session.apply(rest, readOptions)).every((o) => o.outcome === 'applied')).toBe(true);
    expect(byRoute(s, 'POST customObject bulk')).toBe(0);
    expect(byRoute(s, SOAP_NOTES)).toBe(new Set(rest.map((n) => n.employeeId)).size);
    // Every note once: the first call's notes were written once, and the SOAP writes kept them.
    expect(heldCount(s)).toBe(notes.length);
    for (const n of notes)
      if (n.kind === 'exception-note')
        expect(s.snapshot().exceptionNotes[n.employeeId]).toContainEqual({
          promotionDate: n.after.promotionDate,
          fromGrade: n.after.fromGrade,
          toGrade: n.after.toGrade,
          note: n.after.note,
        });
    const item = (await session.check()).find((i) => i.name === CHECK_ITEM);
    expect(item?.ok).toBe(false);
    expect(item?.detail).toContain('connectors[0].fields.noteReferenceId: the note with noteKey ff-');
    expect(item?.detail).toContain('must use noteKey as Reference ID');
  });

  it.each([400, 403] as const)(
    'falls back to Edit_Worker_Additional_Data when reading the first note back is refused (%i)',
    async (status) => {
      const s = await start();
      s.setQuirks({ readByReferenceIdRefused: status });
      const session = await sessionOf(s);
      const notes = notesOf(planFor(await readAll(session)));
      s.resetStats();
      expect((await session.apply(notes.slice(0, 5), readOptions)).every((o) => o.outcome === 'applied')).toBe(true);
      expect(byRoute(s, 'POST customObject bulk')).toBe(1);
      expect(byRoute(s, 'GET customObject by reference ID')).toBe(1);
      // The read-back refused is a verdict: the rest of the session writes by SOAP, none unverified in bulk.
      s.resetStats();
      expect((await session.apply(notes.slice(5), readOptions)).every((o) => o.outcome === 'applied')).toBe(true);
      expect(byRoute(s, 'POST customObject bulk')).toBe(0);
      expect(byRoute(s, SOAP_NOTES)).toBeGreaterThan(0);
      const warnings = session.warnings().filter((w) => w.includes('noteReferenceId'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`reading it back was refused: `);
      expect(warnings[0]).toContain(`(${status})`);
      expect(heldCount(s)).toBe(notes.length);
    },
  );

  it('check and the run stop naming the config path when the field is not on the exception object', async () => {
    const s = await start(smallOrg(20, 3));
    const session = await sessionOf(s, { fields: { noteReferenceId: 'noteRef' } });
    const items = await session.check();
    const item = items.find((i) => i.name === CHECK_ITEM);
    expect(item?.ok).toBe(false);
    expect(item?.detail).toContain('connectors[0].fields.noteReferenceId: the custom object fluencyException has no');
    // The run's own reading of the definitions stops it before any write, as for the other fields.
    const values = items.find((i) => i.name === 'tenant values (goal statuses, eligibility)');
    expect(values?.detail).toContain(
      'FF_SETUP_MISSING: connectors[0].fields.noteReferenceId: custom object fluencyException has no active field',
    );
  });

  it('keys a note by its identity: the same note the same key, any other field another', () => {
    const n = { promotionDate: '2027-02-01', fromGrade: 'G4', toGrade: 'G5', note: 'promoted early' };
    expect(noteRefKey(n)).toMatch(/^ff-2027-02-01-[0-9a-f]{12}$/);
    expect(noteRefKey({ ...n })).toBe(noteRefKey(n));
    for (const other of [{ fromGrade: 'G3' }, { toGrade: 'G6' }, { note: 'promoted' }, { promotionDate: '2027-02-02' }])
      expect(noteRefKey({ ...n, ...other })).not.toBe(noteRefKey(n));
  });
});

describe('Workday reads by delta with notes written by bulk=true', () => {
  it('after a run that wrote notes, the re-runs read the notes again and plan nothing', async () => {
    const org = generateSyntheticOrg({
      asOf: '2027-06-30',
      employees: 120,
      seed: 11,
      standardGoalTitle: 'AI fluency development goal FY2027',
      cycleEnd: '2027-12-31',
    });
    const s = await start(org);
    const state = join(mkdtempSync(join(tmpdir(), 'ff-wd-notes-')), 'state.db');
    const engine = engineFor(s, org, { state, connector: REF });
    try {
      const { evaluation } = await engine.apply();
      expect(notesOf(evaluation.changes).length).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
    expect(byRoute(s, SOAP_NOTES)).toBe(0);
    // Whole-second Date headers: wait past the second the writes fell in (a lower bound, not a timeout).
    await new Promise((r) => setTimeout(r, 2100));
    for (const run of ['catch-up', 'unchanged']) {
      const read = await planReading(s, org, { state, connector: REF });
      expect([run, read.reads]).toEqual([run, [expect.stringMatching(/read by delta/)]]);
      // REST writes leave no log entry: the notes were read again (WQL pages), and none is planned twice.
      expect(read.byRoute['GET wql data exceptions']).toBeGreaterThan(0);
      expect([run, read.ev.plan.changes]).toEqual([run, []]);
    }
  });
});
