import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../../connectors/bamboohr/index.js';
import { SANDBOX_KEY_ENV } from '../../../connectors/bamboohr/sandbox/index.js';
import { wireGoalAggregate } from '../../../connectors/bamboohr/wire-schemas.js';
import type { EmployeeRecord } from '../../../src/connector.js';
import type { Change } from '../../../schemas/index.js';
import { FluencyError } from '../../../src/errors.js';
import { memoryLogger } from '../../../src/logger.js';
import {
  AS_OF,
  GOAL_TITLE,
  addHeavyGoalOwner,
  desiredGoal,
  makeContext,
  makeOrg,
  readAll,
  readOptions,
  startHarness,
  type Harness,
} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.sandbox.close();
  h = undefined;
});

const goalCreate = (employeeId: string, percent: number): Change => ({
  key: `goal-${employeeId}`,
  connector: 'sub',
  employeeId,
  kind: 'goal',
  action: 'create',
  reason: 'test',
  before: null,
  after: desiredGoal(employeeId, percent),
});

const byId = (records: EmployeeRecord[]) => new Map(records.map((r) => [r.employee.id, r]));

describe('BambooHR connector against its sandbox', () => {
  it('reads every employee once, as of the date, with status, grade and history', async () => {
    const org = makeOrg(260, 3);
    h = await startHarness(org, { pageSize: 100 });
    const pages: number[] = [];
    const records: EmployeeRecord[] = [];
    for await (const page of h.session.readEmployees(readOptions)) {
      pages.push(page.length);
      records.push(...page);
    }
    expect(pages).toEqual([100, 100, 60]);
    expect(new Set(records.map((r) => r.employee.id)).size).toBe(org.employees.length);
    const got = byId(records);
    for (const e of org.employees) {
      const r = got.get(e.id);
      expect(r?.employee.status).toBe(e.status);
      expect(r?.employee.email).toBe(e.email);
      expect(r?.employee.connector).toBe('sub');
      expect(r?.employee.jobHistory.every((j) => j.effectiveDate <= AS_OF)).toBe(true);
      // The grade as of the date: the last history entry on or before it.
      const past = e.jobHistory
        .filter((j) => j.effectiveDate <= AS_OF)
        .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
      expect(r?.employee.grade).toBe(past[past.length - 1]?.grade ?? e.grade);
    }
    const futureRows = org.employees.filter((e) => e.jobHistory.some((j) => j.effectiveDate > AS_OF));
    expect(futureRows.length).toBeGreaterThan(0);
    // Goals are read for active employees only, one call each.
    const active = org.employees.filter((e) => e.status === 'active').length;
    expect(h.sandbox.stats().byRoute['GET goals']).toBe(active);
    // Plus 6 bulk reads (fields, tables, list options, report, jobInfo, exception table) and the aggregate reads past
    // the cap.
    const stats = h.sandbox.stats();
    expect(stats.requests).toBe(active + 6 + (stats.byRoute['GET goals/aggregate'] ?? 0));
  });

  it('sees closed standard goals: with filter=status-all, and past the 50-goal cap through the v1.2 aggregate', async () => {
    const org = makeOrg(40, 9);
    const heavy = addHeavyGoalOwner(org);
    const light = org.employees.find((e) => e.status === 'active' && e.id !== heavy && e.seededGoals.length === 0);
    light?.seededGoals.push({
      title: GOAL_TITLE,
      description: 'Created by hand.',
      dueDate: '2027-12-31',
      percentComplete: 0,
      closed: true,
    });
    h = await startHarness(org);
    const records = byId(await readAll(h.session));
    expect(records.get(light?.id ?? '')?.current.goals).toEqual([
      expect.objectContaining({ title: GOAL_TITLE, closed: true }),
    ]);
    const r = records.get(heavy);
    expect(r?.current.goals).toHaveLength(1);
    expect(r?.current.goals[0]).toMatchObject({ title: GOAL_TITLE, closed: true, percentComplete: 10 });
    expect(h.sandbox.stats().byRoute['GET goals/aggregate']).toBeGreaterThanOrEqual(2);
  });

  it('applies creates and updates, reads them back, keeps sharing on the replacing PUT, and a second run writes nothing', async () => {
    const org = makeOrg(40, 9);
    const heavy = addHeavyGoalOwner(org);
    h = await startHarness(org);
    const first = byId(await readAll(h.session));
    const fresh = [...first.values()].find(
      (r) => r.employee.status === 'active' && r.current.goals.length === 0 && r.employee.jobHistory.length > 1,
    );
    const id = fresh?.employee.id ?? '';
    const closed = first.get(heavy)?.current.goals[0] ?? null;
    const changes: Change[] = [
      goalCreate(id, 40),
      {
        key: 'g2',
        connector: 'sub',
        employeeId: heavy,
        kind: 'goal',
        action: 'update',
        reason: 'adopt',
        before: closed,
        after: desiredGoal(heavy, 100, 'achieved'),
      },
      {
        key: 'e1',
        connector: 'sub',
        employeeId: id,
        kind: 'eligibility',
        action: 'create',
        reason: 'r',
        before: null,
        after: { value: 'not-eligible', reason: 'no practitioner credential' },
      },
      {
        key: 'n1',
        connector: 'sub',
        employeeId: id,
        kind: 'exception-note',
        action: 'create',
        reason: 'r',
        before: null,
        after: {
          promotionDate: '2026-08-01',
          fromGrade: 'G3',
          toGrade: 'G4',
          note: 'exception: justification required',
        },
      },
      {
        key: 'e2',
        connector: 'sub',
        employeeId: heavy,
        kind: 'eligibility',
        action: 'noop',
        reason: 'r',
        before: null,
        after: { value: 'eligible', reason: 'ok' },
      },
    ];
    // A new session (as `apply plan.json` would be): the update looks the goal's sharing up itself.
    const applier = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse(h.sandbox.connectorConfig('sub')),
      makeContext(),
    );
    const outcomes = await applier.apply(changes, readOptions);
    expect(outcomes.map((o) => [o.key, o.outcome])).toEqual([
      ['goal-' + id, 'applied'],
      ['g2', 'applied'],
      ['e1', 'applied'],
      ['n1', 'applied'],
      ['e2', 'noop'],
    ]);
    expect(outcomes[0]?.hrisId).toMatch(/^\d+$/);

    const again = byId(await readAll(h.session));
    const mine = again.get(id)?.current;
    expect(mine?.goals).toEqual([
      expect.objectContaining({
        title: GOAL_TITLE,
        percentComplete: 40,
        dueDate: '2027-12-31',
        closed: false,
        description: desiredGoal(id, 40).description,
      }),
    ]);
    expect(mine?.eligibility).toEqual({ value: 'not-eligible', reason: 'no practitioner credential' });
    expect(mine?.exceptionNotes).toEqual([
      expect.objectContaining({ promotionDate: '2026-08-01', fromGrade: 'G3', toGrade: 'G4' }),
    ]);
    const adopted = again.get(heavy)?.current.goals[0];
    expect(adopted).toMatchObject({ id: closed?.id, closed: false, percentComplete: 100, status: 'achieved' });
    const manager = org.employees.find((e) => e.id === heavy)?.managerId;
    const raw = await fetch(
      new URL(`v1_2/performance/employees/${heavy}/goals/aggregate?filter=status-completed`, h.sandbox.baseUrl),
      {
        headers: {
          Accept: 'application/json',
          Authorization: `Basic ${Buffer.from(`${h.sandbox.env[SANDBOX_KEY_ENV]}:x`).toString('base64')}`,
        },
      },
    );
    const goal = wireGoalAggregate.parse(await raw.json()).goals.find((g) => g.id === closed?.id);
    expect(goal?.sharedWithEmployeeIds).toEqual([Number(heavy), Number(manager)]);

    // What a second plan would find: everything already as desired, so nothing to write.
    h.sandbox.resetStats();
    const desired = changes.filter((c) => c.action !== 'noop');
    const pending = desired.filter((c) => {
      const cur = again.get(c.employeeId)?.current;
      if (c.kind === 'goal')
        return !cur?.goals.some(
          (g) =>
            g.description === c.after.description &&
            g.percentComplete === (c.after.status === 'achieved' ? 100 : c.after.percentComplete) &&
            !g.closed,
        );
      if (c.kind === 'eligibility')
        return cur?.eligibility?.value !== c.after.value || cur.eligibility.reason !== c.after.reason;
      return !cur?.exceptionNotes.some(
        (n) => n.promotionDate === c.after.promotionDate && n.toGrade === c.after.toGrade,
      );
    });
    expect(pending).toEqual([]);
    expect(
      await applier.apply(
        desired.map((c) => ({ ...c, action: 'noop' as const })),
        readOptions,
      ),
    ).toHaveLength(4);
    expect(h.sandbox.stats().writes).toBe(0);
  });

  it('loses nothing under 429 + Retry-After, nor under the legacy 503 throttle', async () => {
    const org = makeOrg(60, 4);
    h = await startHarness(org);
    for (const legacy503 of [false, true]) {
      h.sandbox.setQuirks({ rateLimitEvery: 0 });
      const clean = await readAll(h.session);
      h.sandbox.setQuirks({ rateLimitEvery: 3, retryAfterSeconds: 0, legacy503 });
      h.sandbox.resetStats();
      const throttled = await readAll(h.session);
      expect(throttled).toEqual(clean);
      const id = clean.find((r) => r.employee.status === 'active' && r.current.goals.length === 0)?.employee.id ?? '';
      const [outcome] = await h.session.apply([goalCreate(id, 10)], readOptions);
      expect(outcome?.outcome).toBe('applied');
      expect(h.sandbox.snapshot().goals[id]?.filter((g) => g.title === GOAL_TITLE)).toHaveLength(1);
      // Throttled requests happened and were resent.
      expect(h.sandbox.stats().requests).toBeGreaterThan(clean.length);
    }
  });

  it('does not retry a goal create that failed with a 5xx, and reports it as a failed outcome', async () => {
    const org = makeOrg(30, 4);
    h = await startHarness(org);
    const id = org.employees.find((e) => e.status === 'active' && e.seededGoals.length === 0)?.id ?? '';
    h.sandbox.setQuirks({ failWritesEvery: 1 });
    h.sandbox.resetStats();
    const [outcome] = await h.session.apply([goalCreate(id, 10)], readOptions);
    expect(outcome?.outcome).toBe('failed');
    expect(outcome?.error?.code).toBe('FF_PROVIDER_ERROR');
    expect(h.sandbox.stats().byRoute['POST goals']).toBe(1);
    expect(h.sandbox.snapshot().goals[id] ?? []).toEqual([]);
  });

  it('warns, naming the field, when the report silently drops a field', async () => {
    const org = makeOrg(30, 4);
    h = await startHarness(org);
    h.sandbox.setQuirks({ dropField: 'jobLevel' });
    const records = await readAll(h.session);
    expect(h.session.warnings().some((w) => w.includes('jobLevel') && w.includes('dropped'))).toBe(true);
    expect(records.every((r) => r.employee.grade === null)).toBe(true);
    h.sandbox.setQuirks({ dropField: 'customAIFluencyReason' });
    const second = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse(h.sandbox.connectorConfig('sub')),
      makeContext(),
    );
    await readAll(second);
    expect(second.warnings()).toEqual([expect.stringContaining('customAIFluencyReason')]);
  });

  it('works with the legacy gateway base URL', async () => {
    const org = makeOrg(20, 4);
    h = await startHarness(org);
    const legacy = `${new URL(h.sandbox.baseUrl).origin}/api/gateway.php/sandbox/`;
    const session = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse({ ...h.sandbox.connectorConfig('sub'), baseUrl: legacy }),
      makeContext(),
    );
    expect(await readAll(session)).toHaveLength(20);
  });

  it('stops at a refused key, and never shows the key in errors, logs or the sandbox log', async () => {
    const org = makeOrg(10, 4);
    h = await startHarness(org);
    const good = h.sandbox.env[SANDBOX_KEY_ENV] ?? '';
    const bad = 'badbadbadbadbadbadbadbadbadbadbadbadbad1';
    process.env.FF_TEST_BAD_KEY = bad;
    const logger = memoryLogger();
    h.sandbox.resetStats();
    const session = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse({
        ...h.sandbox.connectorConfig('sub'),
        auth: { apiKey: { env: 'FF_TEST_BAD_KEY' } },
      }),
      makeContext(logger),
    );
    const items = await session.check();
    expect(items).toEqual([expect.objectContaining({ name: 'API key', ok: false })]);
    expect(h.sandbox.stats().requests).toBe(1);
    let thrown: unknown;
    try {
      await readAll(session);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FluencyError);
    expect(thrown instanceof FluencyError ? thrown.code : '').toBe('FF_AUTH_FAILED');
    const printed = [
      JSON.stringify(thrown),
      String(thrown),
      inspect(thrown, { depth: 8 }),
      JSON.stringify(items),
      JSON.stringify(logger.lines),
      h.sandbox.requestLog().join('\n'),
    ].join('\n');
    for (const secret of [bad, good, Buffer.from(`${bad}:x`).toString('base64')]) expect(printed).not.toContain(secret);
  });

  it('checks and discovers the tenant set-up', async () => {
    h = await startHarness(makeOrg(30, 4));
    const items = await h.session.check();
    expect(items.filter((i) => !i.ok)).toEqual([]);
    expect(items.map((i) => i.name)).toContain('goals');
    const found = await h.session.discover();
    expect(found.grades.map((g) => g.id).slice(0, 3)).toEqual(['G1', 'G2', 'G3']);
    expect(found.customFields.map((f) => f.name)).toContain('customAIFluencyEligibility');
    const broken = bamboohrConnector.create(
      bamboohrConnector.configSchema.parse({
        ...h.sandbox.connectorConfig('sub'),
        exceptionTable: 'customMissing',
        fields: { eligibility: 'customNope', reason: 'customAIFluencyReason' },
      }),
      makeContext(),
    );
    const bad = await broken.check();
    expect(bad.filter((i) => !i.ok).map((i) => i.name)).toEqual(['eligibility field', 'exception table']);
  });

  it('rejects config without a secret ref or with plain http off loopback', () => {
    const base = {
      id: 'x',
      type: 'bamboohr',
      companyDomain: 'acme',
      grade: { field: 'jobLevel' },
      fields: { eligibility: 'a', reason: 'b' },
      exceptionTable: 't',
    };
    expect(bamboohrConnector.configSchema.safeParse({ ...base, auth: { apiKey: 'inline-secret' } }).success).toBe(
      false,
    );
    const cfg = bamboohrConnector.configSchema.parse({
      ...base,
      auth: { apiKey: { env: 'K' } },
      baseUrl: 'http://acme.example.com/api/',
    });
    expect(() => bamboohrConnector.create(cfg, makeContext())).toThrow(/http:\/\/ is refused/);
    expect(bamboohrConnector.starterConfig('sub')).toContain('type: bamboohr');
  });
});
