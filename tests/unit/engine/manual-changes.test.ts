import { describe, expect, it } from 'vitest';
import { currentGoal, currentState, type Change, type GoalIdentity } from '../../../schemas/index.js';
import { changeKey } from '../../../src/core/hash.js';
import { judgeManualChanges, type WriteHistory } from '../../../src/engine/manual-changes.js';
import { makeConfig } from '../../helpers/config.js';
import { person } from '../core/employee-fixture.js';

const identity: GoalIdentity = {
  cycleId: 'FY2027',
  title: 'AI fluency development goal FY2027',
  markerPrefix: '[fluencyflow:FY2027:',
  referenceIdPrefix: 'FLUENCY-FY2027-',
};
const desired = {
  title: identity.title,
  description: 'Reach practitioner.\n[fluencyflow:FY2027:1]',
  dueDate: '2027-12-31',
  percentComplete: 40,
  status: 'on-track' as const,
  targetLevel: 'practitioner',
  marker: '[fluencyflow:FY2027:1]',
  referenceId: 'FLUENCY-FY2027-1',
  cycleStart: '2027-01-01',
};
/** Employee 1 holds a goal its manager made with the standard title; employee 2 holds `second`. */
const managersGoal = currentGoal.parse({
  id: 'g1',
  title: identity.title,
  description: 'Created by the manager',
  percentComplete: 10,
});
const adoption: Change = {
  key: changeKey('test', '1', 'goal', 'FY2027'),
  connector: 'test',
  employeeId: '1',
  kind: 'goal',
  action: 'update',
  before: managersGoal,
  after: desired,
  reason: 'goal g1: description, progress 10 -> 40',
};
const records = (second: Parameters<typeof currentState.parse>[0]) => [
  { employee: person({ id: '1' }), current: currentState.parse({ goals: [managersGoal] }) },
  { employee: person({ id: '2' }), current: currentState.parse(second) },
];
const history = (connectors: string[] = []): WriteHistory => ({
  byKey: new Map(),
  connectors: new Set(connectors),
  adopt: false,
});
const judge = (second: Parameters<typeof currentState.parse>[0], h: WriteHistory) =>
  judgeManualChanges({ config: makeConfig(), changes: [adoption], records: records(second), history: h, identity });

describe("a first run against a lost state store (DESIGN §9 vs §8's adoption)", () => {
  it("adopts a manager's standard-title goal on a fresh tenant: no history, and nothing of fluencyflow's there", () => {
    const fresh = judge({}, history());
    expect(fresh.changes[0]?.action).toBe('update');
    expect(fresh.manual).toEqual([]);
    expect(fresh.counts).toBeUndefined();
  });

  it("reports it as differing without history once the tenant holds fluencyflow's values but the store knows none", () => {
    const flagged = judge({ eligibility: { value: 'eligible', reason: 'x' } }, history());
    expect(flagged.changes[0]?.action).toBe('noop');
    expect(flagged.manual.map((m) => m.handling)).toEqual(['no-history']);
    expect(flagged.counts).toEqual({ 'no-history': 1 });
    expect(flagged.issues.map((i) => [i.code, i.employeeId])).toEqual([['DIFFERS_NO_HISTORY', '1']]);
    const ours = currentGoal.parse({ id: 'g2', title: identity.title, description: 'x\n[fluencyflow:FY2027:2]' });
    expect(judge({ goals: [ours] }, history()).manual.map((m) => m.handling)).toEqual(['no-history']);
    // --adopt writes it and lists it.
    const adopted = judge({ goals: [ours] }, { ...history(), adopt: true });
    expect(adopted.changes[0]?.action).toBe('update');
    expect(adopted.manual.map((m) => m.handling)).toEqual(['adopted']);
  });

  it('adopts it as before when the store has worked with the connection (a new hire, a resumed first apply)', () => {
    expect(judge({ eligibility: { value: 'eligible', reason: 'x' } }, history(['test'])).manual).toEqual([]);
  });
});
