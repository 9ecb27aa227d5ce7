/**
 * Two batches of one run writing notes of the same worker at once (the engine sends up to four batches of a connector
 * at a time, and a worker's notes can straddle two of them). Edit_Worker_Additional_Data replaces the worker's whole
 * set after the batch read it, so the second write must read what the first wrote: every note is kept, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import type { Change, ExceptionNoteChange } from '../../../schemas/index.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { readOptions, sandboxConfig, smallOrg, testContext } from './helpers.js';
import { planFor } from './plan-helper.js';

let sb: WorkdaySandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const REF = { fields: { noteReferenceId: 'noteKey' } };
const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(readOptions)) out.push(...page);
  return out;
};
const notesOf = (changes: Change[]): ExceptionNoteChange[] =>
  changes.flatMap((c) => (c.kind === 'exception-note' ? [c] : []));

/** A second note of the same worker, another promotion: its own change key. */
const twinOf = (n: ExceptionNoteChange): ExceptionNoteChange => ({
  ...n,
  key: `${n.key}-twin`,
  after: { ...n.after, promotionDate: '2026-11-02', fromGrade: n.after.toGrade, toGrade: `${n.after.toGrade}+` },
});

const sameNote = (n: ExceptionNoteChange) => ({
  promotionDate: n.after.promotionDate,
  fromGrade: n.after.fromGrade,
  toGrade: n.after.toGrade,
  note: n.after.note,
});

describe('Workday notes of one worker in two batches at once', () => {
  for (const [label, extra, referenceId] of [
    ['by Edit_Worker_Additional_Data', {}, true],
    ['by the fall-back after the Reference ID failed its verification', REF, false],
  ] as const)
    it(`keeps both notes ${label}`, async () => {
      sb = await startWorkdaySandbox({ org: smallOrg(60, 5), port: 0 });
      sb.setQuirks({ exceptionReferenceId: referenceId });
      const session = workdayConnector.create(
        sandboxConfig(sb.connectorConfig('us'), sb.env, extra),
        await testContext(),
      );
      const notes = notesOf(planFor(await readAll(session)));
      const [warmUp, one] = notes;
      if (!warmUp || !one) throw new Error('the org has fewer than two notes to write');
      // With the Reference ID set up, the session's first batch turns bulk writes off (the tenant does not match).
      if (extra === REF) expect((await session.apply([warmUp], readOptions))[0]?.outcome).toBe('applied');
      const two = twinOf(one);
      const outs = await Promise.all([session.apply([one], readOptions), session.apply([two], readOptions)]);
      expect(outs.flat().map((o) => o.outcome)).toEqual(['applied', 'applied']);
      const held = sb.snapshot().exceptionNotes[one.employeeId] ?? [];
      expect(held).toContainEqual(sameNote(one));
      expect(held).toContainEqual(sameNote(two));
      expect(held.filter((h) => h.promotionDate === one.after.promotionDate)).toHaveLength(1);
    });
});
