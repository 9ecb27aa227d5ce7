/**
 * A create's look-up (DESIGN §2) against the calls it costs: after the session's own read of that employee the read
 * is the look-up and no request is sent for it; without a read, or for a second write to the same employee, the
 * connector looks up first. The read-back after every create still finds a twin another run wrote since the read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bamboohrConnector } from '../../../connectors/bamboohr/index.js';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import type { Change } from '../../../schemas/index.js';
import {
  desiredGoal,
  GOAL_TITLE,
  makeContext,
  makeOrg,
  readAll,
  readOptions,
  startHarness,
  type Harness,
} from './helpers.js';
import { engineFor } from '../../helpers/engine.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const NOTE = { promotionDate: '2026-09-01', fromGrade: 'G2', toGrade: 'G3', note: 'justification required' };

/** A goal and an exception note to create for one employee. */
const createsFor = (employeeId: string, percent = 30): Change[] => [
  {
    key: `g-${employeeId}`,
    connector: 'sub',
    employeeId,
    kind: 'goal',
    action: 'create',
    reason: 't',
    before: null,
    after: desiredGoal(employeeId, percent),
  },
  {
    key: `n-${employeeId}`,
    connector: 'sub',
    employeeId,
    kind: 'exception-note',
    action: 'create',
    reason: 't',
    before: null,
    after: NOTE,
  },
];

/** Active employees the read found with no goal and no note. */
const freshOnes = (records: EmployeeRecord[]): string[] =>
  records
    .filter((r) => r.employee.status === 'active' && r.current.goals.length === 0)
    .filter((r) => r.current.exceptionNotes.length === 0)
    .map((r) => r.employee.id);

const newSession = (harness: Harness): ConnectorSession =>
  bamboohrConnector.create(bamboohrConnector.configSchema.parse(harness.sandbox.connectorConfig('sub')), makeContext());

/** Requests by route since the last reset, the routes a create can send. */
const sent = (harness: Harness) => {
  const by = harness.sandbox.stats().byRoute;
  const n = (route: string): number => by[route] ?? 0;
  return {
    readGoals: n('GET goals') + n('GET goals/aggregate'),
    readRows: n('GET tables'),
    createGoal: n('POST goals'),
    createRow: n('POST tables'),
    putGoal: n('PUT goals'),
  };
};

const snapshotFor = (harness: Harness, id: string) => {
  const snap = harness.sandbox.snapshot();
  return {
    goals: (snap.goals[id] ?? []).filter((g) => g.title === GOAL_TITLE),
    notes: snap.exceptionNotes[id] ?? [],
  };
};

describe('BambooHR creates look up only what the session did not read', () => {
  it("a create after the session's own read sends no look-up, only the read-back", async () => {
    h = await startHarness(makeOrg(40, 12));
    const session = h.session;
    const [a, b] = freshOnes(await readAll(session));
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    const ids = [a ?? '', b ?? ''];
    h.sandbox.resetStats();
    const outcomes = await session.apply(
      ids.flatMap((id) => createsFor(id)),
      readOptions,
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // Per employee: one goal create and its read-back, one row create and its read-back; no look-up before.
    expect(sent(h)).toEqual({ readGoals: 2, readRows: 2, createGoal: 2, createRow: 2, putGoal: 0 });
    for (const id of ids) {
      expect(snapshotFor(h, id).goals, id).toHaveLength(1);
      expect(snapshotFor(h, id).notes, id).toHaveLength(1);
    }

    // The read served one write: the same creates again in this session look up, find, and write nothing new.
    h.sandbox.resetStats();
    const again = await session.apply(createsFor(a ?? '', 60), readOptions);
    expect(again.map((o) => o.outcome)).toEqual(['applied', 'noop']);
    expect(sent(h)).toEqual({ readGoals: 1, readRows: 1, createGoal: 0, createRow: 0, putGoal: 1 });
    expect(snapshotFor(h, a ?? '').goals).toEqual([expect.objectContaining({ percentComplete: 60 })]);
    expect(snapshotFor(h, a ?? '').notes).toHaveLength(1);
  });

  it('a create without a read of that employee looks up first', async () => {
    h = await startHarness(makeOrg(40, 12));
    const [id] = freshOnes(await readAll(h.session));
    expect(id).toBeDefined();
    // A session that never read (as `session.apply(changes)` alone would be).
    const unread = newSession(h);
    h.sandbox.resetStats();
    const outcomes = await unread.apply(createsFor(id ?? ''), readOptions);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    expect(sent(h)).toEqual({ readGoals: 2, readRows: 2, createGoal: 1, createRow: 1, putGoal: 0 });
  });

  it('a twin another run created after the read is found by the read-back: ours yields, one of each is left', async () => {
    h = await startHarness(makeOrg(40, 12));
    const reader = h.session;
    const [id = ''] = freshOnes(await readAll(reader));
    expect(id).not.toBe('');
    // Another run writes the same goal and note between this session's read and its creates.
    const other = await newSession(h).apply(createsFor(id, 10), readOptions);
    expect(other.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    const theirs = snapshotFor(h, id);
    expect(theirs.goals).toHaveLength(1);

    h.sandbox.resetStats();
    const mine = await reader.apply(createsFor(id, 30), readOptions);
    expect(mine.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    // No look-up (the read said nothing was there), so both creates went out and the read-backs found the twins.
    expect(sent(h)).toMatchObject({ createGoal: 1, createRow: 1 });
    const after = snapshotFor(h, id);
    expect(after.goals.map((g) => g.id)).toEqual(theirs.goals.map((g) => g.id));
    expect(after.goals[0]?.percentComplete).toBe(30);
    expect(after.notes).toHaveLength(1);
    expect(mine[0]?.hrisId).toBe(theirs.goals[0]?.id);
  });
});

describe('BambooHR: a saved plan applied later', () => {
  it('is read again before it is applied, and that read is the look-up of its creates', async () => {
    const org = makeOrg(60, 21);
    h = await startHarness(org);
    const state = join(mkdtempSync(join(tmpdir(), 'ff-bamboo-plan-')), 'state.db');
    const planner = engineFor(h.sandbox, org, { state });
    const saved = (await planner.plan()).plan;
    await planner.close();
    const creates = (kind: string) => saved.changes.filter((c) => c.kind === kind && c.action === 'create').length;
    expect(creates('goal')).toBeGreaterThan(0);
    expect(creates('exception-note')).toBeGreaterThan(0);

    // Another process applies it: it reads the tenant again (the plan must not be stale), then writes.
    const applier = engineFor(h.sandbox, org, { state });
    try {
      h.sandbox.resetStats();
      const run = await applier.apply({ plan: saved });
      expect(run.result.failed).toBe(0);
      const active = run.evaluation.records.filter((r) => r.employee.status === 'active').length;
      const by = h.sandbox.stats().byRoute;
      expect(by['POST goals']).toBe(creates('goal'));
      // One goal list per active employee in the read, one read-back per create: nothing looked up before a create.
      expect(by['GET goals']).toBe(active + creates('goal'));
      // jobInfo and the exception table for everyone, then one read-back per note create.
      expect(by['GET tables']).toBe(2 + creates('exception-note'));
    } finally {
      await applier.close();
    }
  });
});
