import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { readOptions, sandboxConfig, smallOrg, testContext } from './helpers.js';
import { planFor } from './plan-helper.js';

const org = smallOrg(60);
let sb: WorkdaySandbox;

beforeAll(async () => {
  sb = await startWorkdaySandbox({ org, port: 0, quirks: { pageCap: 25 } });
});
afterAll(async () => sb.close());

const readAll = async (session: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of session.readEmployees(readOptions)) out.push(...page);
  return out;
};

const applyAll = async (session: ConnectorSession, records: EmployeeRecord[], round = 1) => {
  const changes = planFor(records, round);
  const outcomes = [];
  for (let i = 0; i < changes.length; i += session.maxBatchSize)
    outcomes.push(...(await session.apply(changes.slice(i, i + session.maxBatchSize), readOptions)));
  return { changes, outcomes };
};

describe('workday connector against its sandbox', () => {
  it('reads every worker once, page by page, with grade, family, e-mail and job history', async () => {
    const session = workdayConnector.create(sandboxConfig(sb.connectorConfig('us'), sb.env), await testContext());
    sb.resetStats();
    const rows = await readAll(session);
    expect(rows.map((r) => r.employee.id).sort()).toEqual(org.employees.map((e) => e.id).sort());
    for (const e of org.employees) {
      const got = rows.find((r) => r.employee.id === e.id)?.employee;
      expect(got?.grade).toBe(e.grade);
      expect(got?.jobFamily).toBe(e.jobFamily);
      expect(got?.email).toBe(e.email);
      expect(`${got?.firstName} ${got?.lastName}`).toBe(`${e.firstName} ${e.lastName}`);
      expect(got?.status).toBe(e.status);
      // Future-dated job changes (after as-of) are not history yet.
      expect(got?.jobHistory.every((h) => h.effectiveDate <= readOptions.asOf)).toBe(true);
    }
    // A recent promotion shows as two records with rising grades.
    const promoted = org.employees.find((e) =>
      e.jobHistory.some(
        (h, i) =>
          i > 0 && h.event === 'Promotion' && h.effectiveDate > '2026-06-01' && h.effectiveDate <= readOptions.asOf,
      ),
    );
    const history = rows.find((r) => r.employee.id === promoted?.id)?.employee.jobHistory ?? [];
    expect(history.length).toBeGreaterThanOrEqual(2);
    // Page cap 25 < Count 999: the connector follows Total_Pages.
    expect(sb.stats().byRoute['POST Human_Resources Get_Workers']).toBeGreaterThanOrEqual(3);
  });

  it('applies goals, flags and notes, reads them back, and a second pass writes nothing', async () => {
    const session = workdayConnector.create(sandboxConfig(sb.connectorConfig('us'), sb.env), await testContext());
    const first = await applyAll(session, await readAll(session));
    expect(first.changes.length).toBeGreaterThan(0);
    expect(first.outcomes.filter((o) => o.outcome !== 'applied')).toEqual([]);
    const again = await readAll(session);
    sb.resetStats();
    const second = await applyAll(session, again);
    expect(second.changes).toEqual([]);
    expect(sb.stats().writes).toBe(0);
    // End state: exactly one fluency goal per active employee, names and symbols intact.
    const snap = sb.snapshot();
    for (const e of org.employees.filter((x) => x.status === 'active')) {
      const mine = (snap.goals[e.id] ?? []).filter((g) => g.title === readOptions.goal.title);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.description).toContain(`${e.firstName} ${e.lastName}: 1 < 2 & "quotes" ]]> done.`);
      expect(snap.eligibility[e.id]?.reason).toBe(
        `Practitioner credential for ${e.lastName} <${e.grade ?? '?'}> & 8 active days`,
      );
    }
    expect(Object.keys(snap.exceptionNotes).length).toBeGreaterThan(0);
    // Someone else's goals are untouched.
    const others = org.employees.flatMap((e) =>
      e.seededGoals.filter((g) => g.title !== readOptions.goal.title).map((g) => [e.id, g.title] as const),
    );
    for (const [id, title] of others) expect(snap.goals[id]?.some((g) => g.title === title)).toBe(true);
  });

  it('updates progress on the same goal (Goal_Reference_ID upsert) and keeps earlier exception notes', async () => {
    const session = workdayConnector.create(sandboxConfig(sb.connectorConfig('us'), sb.env), await testContext());
    const before = sb.snapshot();
    const { outcomes } = await applyAll(session, await readAll(session), 2);
    expect(outcomes.every((o) => o.outcome === 'applied')).toBe(true);
    const after = sb.snapshot();
    for (const id of Object.keys(before.goals)) expect(after.goals[id]?.length).toBe(before.goals[id]?.length);
    for (const [id, notes] of Object.entries(before.exceptionNotes)) expect(after.exceptionNotes[id]).toEqual(notes);
  });
});
