/**
 * Exception notes written by Edit_Worker_Additional_Data (without `fields.noteReferenceId`, or its fall-back), which
 * replaces the worker's whole set after the batch read it. Two batches of one run writing notes of the same worker at
 * once (the engine sends up to four batches of a connector at a time, and a worker's notes can straddle two) keep
 * both notes, once; the instances the write resends keep their own Reference ID value (a person's), unique per worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import type { Change, ExceptionNoteChange } from '../../../schemas/index.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { noteRefKey } from '../../../connectors/workday/note-write.js';
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

describe('Workday notes by the fall-back, with a note a person entered', () => {
  const auth = (s: WorkdaySandbox) => {
    const user = String(Reflect.get(Reflect.get(s.connectorConfig('x'), 'auth') ?? {}, 'username') ?? '');
    const pass = s.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
    return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  };
  const rows = async (s: WorkdaySandbox) => {
    const query = encodeURIComponent('SELECT worker, promotionDate, toGrade, noteKey FROM fluencyExceptionInstances');
    const res = await fetch(`${s.baseUrl}ccx/api/wql/v1/sandbox/data?query=${query}&limit=100&offset=0`, {
      headers: { Authorization: auth(s) },
    });
    const row = z.object({
      worker: z.object({ id: z.string() }),
      promotionDate: z.string(),
      toGrade: z.string(),
      noteKey: z.string(),
    });
    return z.object({ data: z.array(row) }).parse(await res.json()).data;
  };

  /** A tenant with note `one` written by bulk=true, the WID of its worker, and a note of another worker. */
  const written = async () => {
    sb = await startWorkdaySandbox({ org: smallOrg(60, 5), port: 0 });
    const s = sb;
    const config = () => sandboxConfig(s.connectorConfig('us'), s.env, REF);
    const first = workdayConnector.create(config(), await testContext());
    const notes = notesOf(planFor(await readAll(first)));
    const [one] = notes;
    const other = notes.find((n) => n.employeeId !== one?.employeeId);
    if (!one || !other) throw new Error('the org has fewer than two workers with a note to write');
    expect((await first.apply([one], readOptions))[0]?.outcome).toBe('applied');
    const wid = (await rows(s)).find((r) => r.promotionDate === one.after.promotionDate)?.worker.id ?? '';
    const byHand = async (fields: Record<string, string>) => {
      const url = `${s.baseUrl}ccx/api/customObject/v2/sandbox/customObjects/fluencyException?updateIfExists=true`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { Authorization: auth(s), 'Content-Type': 'application/json' },
        body: JSON.stringify({ worker: { id: wid }, ...fields }),
      });
      expect(res.status).toBe(201);
    };
    return { one, other, byHand, config, wid, s };
  };

  /** Another session, on a tenant that no longer matches on the Reference ID: its notes go by SOAP. */
  const secondSession = async (w: Awaited<ReturnType<typeof written>>) => {
    w.s.setQuirks({ exceptionReferenceId: false });
    const second = workdayConnector.create(w.config(), await testContext());
    expect((await second.apply([w.other], readOptions))[0]?.outcome).toBe('applied');
    return second;
  };
  const soapAfter = async () => {
    const w = await written();
    const bySoap = async (notes: ExceptionNoteChange[]) => {
      const second = await secondSession(w);
      expect((await second.apply(notes, readOptions)).map((o) => o.outcome)).toEqual(notes.map(() => 'applied'));
      return (await rows(w.s)).filter((r) => r.worker.id === w.wid);
    };
    return { ...w, bySoap };
  };

  it('writes nothing over a note it could not resend (no promotion date), and says so', async () => {
    const w = await written();
    w.s.setQuirks({ notesDateOptional: true });
    await w.byHand({ fromGrade: 'G1', toGrade: 'G2', note: 'entered by HR, undated', noteKey: 'hr-undated' });
    const second = await secondSession(w);
    const [outcome] = await second.apply([twinOf(w.one)], readOptions);
    expect(outcome?.outcome).toBe('failed');
    expect(outcome?.error?.code).toBe('FF_REJECTED');
    expect(outcome?.error?.message).toMatch(/without a valid promotionDate.*would delete it/);
    const held = (await rows(w.s)).filter((r) => r.worker.id === w.wid);
    expect(held.map((r) => r.noteKey).sort()).toEqual(['hr-undated', noteRefKey(w.one.after)].sort());
  });

  it('keeps the Reference ID value the person gave their note', async () => {
    const { one, byHand, bySoap } = await soapAfter();
    const person = { promotionDate: '2025-04-01', fromGrade: 'G1', toGrade: 'G2', note: 'entered by HR' };
    await byHand({ ...person, noteKey: 'hr-2025-review' });
    const held = await bySoap([twinOf(one)]);
    expect(held.map((r) => r.noteKey)).toContain('hr-2025-review');
    expect(held).toHaveLength(3);
  });

  it('gives a note a person edited its own key when the note it was is written again: keys stay unique', async () => {
    const { one, byHand, bySoap } = await soapAfter();
    const key = noteRefKey(one.after);
    // The person moves fluencyflow's note to another date (its key stays); the note is planned again.
    await byHand({ ...one.after, promotionDate: '2025-04-01', noteKey: key });
    const held = await bySoap([one]);
    expect(held).toHaveLength(2);
    expect(new Set(held.map((r) => r.noteKey)).size).toBe(2);
    expect(held.find((r) => r.noteKey === key)?.promotionDate).toBe(one.after.promotionDate);
  });
});
