import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyntheticOrg } from '../../../schemas/index.js';
import type { TenantVariation } from '../../../src/connector.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { SHARED_FAMILY } from '../../../connectors/workday/sandbox/tenant.js';
import { generateSyntheticOrg, GRADES } from '../../../src/demo/synthetic-org.js';
import { engineFor } from '../../helpers/engine.js';

/**
 * The Workday connector on tenants it was not built against (DESIGN §9, tenant truth), through the engine as the CLI
 * drives it, with the DESIGN example policy (expert for job family Data Science).
 */
const TITLE = (year: string) => `AI fluency development goal FY${year}`;
const orgAt = (asOf: string, employees = 60, seed = 23): SyntheticOrg =>
  generateSyntheticOrg({
    asOf,
    employees,
    seed,
    standardGoalTitle: TITLE(asOf.slice(0, 4)),
    cycleEnd: `${asOf.slice(0, 4)}-12-31`,
  });

/** The sandbox with extra settings in the connector block it hands out. */
const withConfig = (sb: WorkdaySandbox, extra: Record<string, unknown>): WorkdaySandbox => ({
  ...sb,
  connectorConfig: (id) => ({ ...sb.connectorConfig(id), ...extra }),
});

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe.each(workdayConnector.sandbox.variations)('workday tenant variation %s', (variation) => {
  const org = orgAt('2027-06-30');
  let sb: WorkdaySandbox;
  beforeAll(async () => {
    sb = await startWorkdaySandbox({ org, port: 0, variations: [variation] });
  });
  afterAll(async () => sb.close());

  it('check passes; plan, apply, plan again: 0 changes; every judged employee has exactly one goal', async () => {
    const engine = engineFor(sb, org);
    try {
      const [checked] = await engine.check();
      expect(checked?.items.filter((i) => !i.ok)).toEqual([]);
      const first = await engine.plan();
      expect(first.plan.summary.create).toBeGreaterThan(0);
      const applied = await engine.apply();
      expect(applied.result.failed).toBe(0);
      const again = await engine.plan();
      expect(again.plan.changes).toEqual([]);
      const snap = sb.snapshot();
      for (const d of again.decisions) {
        if (d.evaluation.unjudged) continue;
        const goals = (snap.goals[d.evaluation.employeeId] ?? []).filter((g) => g.title === TITLE('2027') && !g.closed);
        expect(goals, `employee ${d.evaluation.employeeId}`).toHaveLength(1);
      }
    } finally {
      await engine.close();
    }
  });
});

describe('multi-family-profiles', () => {
  const org = orgAt('2027-06-30', 80, 5);
  let sb: WorkdaySandbox;
  beforeAll(async () => {
    sb = await startWorkdaySandbox({ org, port: 0, variations: ['multi-family-profiles'] });
  });
  afterAll(async () => sb.close());

  it('a profile in Software Engineering and Data Science: expected expert, and the flag says so', async () => {
    const engine = engineFor(sb, org);
    try {
      const ev = await engine.plan();
      const shared = ev.records.filter(
        (r) => r.employee.jobFamilies.includes(SHARED_FAMILY) && r.employee.jobFamilies.includes('Data Science'),
      );
      const plain = ev.records.filter(
        (r) => r.employee.jobFamilies.length === 1 && r.employee.jobFamily === SHARED_FAMILY,
      );
      expect(shared.length).toBeGreaterThan(0);
      expect(plain.length).toBeGreaterThan(0);
      for (const r of shared) {
        // The primary family stays the first one; every family counts for the expectation.
        expect(r.employee.jobFamily).toBe(SHARED_FAMILY);
        const d = ev.decisions.find((x) => x.evaluation.employeeId === r.employee.id);
        if (!d || d.evaluation.unjudged) continue;
        expect(d.evaluation.jobFamilies).toEqual([SHARED_FAMILY, 'Data Science']);
        expect(d.evaluation.levelExpected).toBe('expert');
        expect(d.evaluation.eligibility?.reason).toMatch(/expert expected/i);
      }
      for (const r of plain) {
        const d = ev.decisions.find((x) => x.evaluation.employeeId === r.employee.id);
        if (d && !d.evaluation.unjudged) expect(d.evaluation.levelExpected).not.toBe('expert');
      }
      await engine.apply();
      const snap = sb.snapshot();
      const judged = shared.filter((r) => r.employee.status === 'active');
      expect(judged.length).toBeGreaterThan(0);
      for (const r of judged) expect(snap.eligibility[r.employee.id]?.reason).toMatch(/expert expected/i);
    } finally {
      await engine.close();
    }
  });
});

describe('reference-changed-after-as-of', () => {
  // D lies well before today: a read as of today would see every job profile regraded and its families changed.
  const org = orgAt('2025-06-30', 60, 9);
  let sb: WorkdaySandbox;
  beforeAll(async () => {
    sb = await startWorkdaySandbox({ org, port: 0, variations: ['reference-changed-after-as-of'] });
  });
  afterAll(async () => sb.close());

  it('grades (job level) and job families are the ones valid on D, in plan and in discover', async () => {
    const engine = engineFor(withConfig(sb, { grade: 'jobLevel' }), org);
    try {
      const ev = await engine.evaluate();
      for (const e of org.employees) {
        const got = ev.records.find((r) => r.employee.id === e.id)?.employee;
        expect(got?.grade, `employee ${e.id}`).toBe(e.grade);
        expect(got?.jobFamilies, `employee ${e.id}`).toEqual(e.jobFamily ? [e.jobFamily] : []);
      }
      const [found] = await engine.discover();
      const known: readonly string[] = GRADES;
      expect(found?.discovery.grades.map((g) => g.id).filter((g) => !known.includes(g))).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});

describe('alternate-goal-states', () => {
  const org = orgAt('2027-06-30', 40, 3);
  let sb: WorkdaySandbox;
  beforeAll(async () => {
    sb = await startWorkdaySandbox({ org, port: 0, variations: ['alternate-goal-states'] });
  });
  afterAll(async () => sb.close());

  it('picks the tenant statuses by meaning and discover shows them', async () => {
    const engine = engineFor(sb, org);
    try {
      const [found] = await engine.discover();
      const goal = found?.discovery.values
        .filter((v) => v.list === 'goal status')
        .map((v) => [v.meaning, v.label, v.source]);
      expect(goal).toEqual([
        ['on-track', 'In Progress', 'tenant'],
        ['behind', 'At Risk', 'tenant'],
        ['achieved', 'Completed', 'tenant'],
      ]);
    } finally {
      await engine.close();
    }
  });

  it('a configured status outside the tenant list is FF_TENANT_VALUE (path, valid values); no write', async () => {
    const engine = engineFor(withConfig(sb, { values: { goalStatus: { 'on-track': 'On Track' } } }), org);
    try {
      sb.resetStats();
      const err = await caught(engine.apply());
      expect(err).toMatchObject({ code: 'FF_TENANT_VALUE', where: 'connectors[0].values.goalStatus.on-track' });
      expect(String(err)).toContain('"On Track" is not in the tenant\'s goal status list');
      for (const valid of ['In Progress', 'At Risk', 'Completed']) expect(String(err)).toContain(valid);
      expect(sb.stats().writes).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('a configured status is matched by its name in the tenant, in any case; the tenant id is written', async () => {
    const engine = engineFor(withConfig(sb, { values: { goalStatus: { 'on-track': 'IN_PROGRESS' } } }), org);
    try {
      const [found] = await engine.discover();
      const chosen = found?.discovery.values.find((v) => v.meaning === 'on-track');
      expect(chosen).toMatchObject({
        label: 'In Progress',
        source: 'config',
        configPath: 'connectors[0].values.goalStatus.on-track',
      });
      expect(chosen?.value).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await engine.close();
    }
  });

  it('Manage_Goals rejects a status outside the tenant list with a Validation_Fault, as Workday does', async () => {
    const password = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
    const goal = (status: string) =>
      [
        `<?xml version="1.0"?>`,
        `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wd="urn:com.workday/bsvc">`,
        `<env:Header>`,
        '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/',
        'oasis-200401-wss-wssecurity-secext-1.0.xsd">',
        `<wsse:UsernameToken><wsse:Username>ISU_FLUENCY@sandbox</wsse:Username>`,
        `<wsse:Password>${password}</wsse:Password></wsse:UsernameToken></wsse:Security></env:Header>`,
        `<env:Body><wd:Manage_Goals_Request wd:version="v44.0" wd:Add_Only="false">`,
        `<wd:Business_Process_Parameters><wd:Auto_Complete>true</wd:Auto_Complete>`,
        `</wd:Business_Process_Parameters><wd:Manage_Goals_Data><wd:Worker_Reference>`,
        `<wd:ID wd:type="Employee_ID">${org.employees[0]?.id ?? ''}</wd:ID></wd:Worker_Reference>`,
        `<wd:Worker_Goal_Detail_Data><wd:Name>x</wd:Name><wd:Status_Reference>`,
        `<wd:ID wd:type="Component_Completion_ID">${status}</wd:ID></wd:Status_Reference>`,
        `</wd:Worker_Goal_Detail_Data></wd:Manage_Goals_Data></wd:Manage_Goals_Request></env:Body>`,
        `</env:Envelope>`,
      ].join('');
    const send = (status: string) =>
      fetch(`${sb.baseUrl}ccx/service/sandbox/Performance_Management/v44.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: goal(status),
      });
    const refused = await send('on-track');
    const text = await refused.text();
    expect(refused.status).toBe(500);
    expect(text).toContain('Validation_Fault');
    expect(text).toContain(
      'Invalid ID value. &apos;on-track&apos; is not a valid ID value for type = Component_Completion_ID',
    );
    expect(text).toContain('/wd:Manage_Goals_Data/wd:Worker_Goal_Detail_Data[1]/wd:Status_Reference/wd:ID</wd:Xpath>');
    expect((await send('AT_RISK')).status).toBe(200);
  });
});

describe('alternate-list-options', () => {
  const org = orgAt('2027-06-30', 40, 4);
  let sb: WorkdaySandbox;
  beforeAll(async () => {
    sb = await startWorkdaySandbox({ org, port: 0, variations: ['alternate-list-options'] });
  });
  afterAll(async () => sb.close());

  it('writes the custom list option chosen by meaning and reads it back', async () => {
    const engine = engineFor(sb, org);
    try {
      const [found] = await engine.discover();
      expect(
        found?.discovery.values
          .filter((v) => v.list === 'eligibility')
          .map((v) => [v.meaning, v.value, v.label, v.source]),
      ).toEqual([
        ['eligible', 'AIF_ELIGIBLE', 'Eligible', 'tenant'],
        ['not-eligible', 'AIF_NOT_ELIGIBLE', 'Not Eligible', 'tenant'],
      ]);
      const applied = await engine.apply();
      // The sandbox refuses anything but an active option id of the list, so no failure means the ids were written;
      // its snapshot shows each option as what it means.
      expect(applied.result.failed).toBe(0);
      const values = new Set(Object.values(sb.snapshot().eligibility).map((e) => e.value));
      expect([...values].sort()).toEqual(['eligible', 'not-eligible']);
      expect((await engine.plan()).plan.changes).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('an inactive or unknown configured option is FF_TENANT_VALUE naming the path and the valid options', async () => {
    for (const [configured, word] of [
      ['Legacy (Y)', 'archived in'],
      ['Yes', 'not in'],
    ] as const) {
      const engine = engineFor(withConfig(sb, { values: { eligible: configured } }), org);
      try {
        sb.resetStats();
        const err = await caught(engine.plan());
        expect(err).toMatchObject({ code: 'FF_TENANT_VALUE', where: 'connectors[0].values.eligible' });
        expect(String(err)).toContain(`"${configured}" is ${word} the tenant's eligibility list`);
        expect(String(err)).toContain('AIF_ELIGIBLE (Eligible)');
        expect(sb.stats().writes).toBe(0);
      } finally {
        await engine.close();
      }
    }
  });
});

describe('workday sandbox variations', () => {
  it('lists every tenant variation and refuses one it does not know', async () => {
    const all: readonly TenantVariation[] = [
      'alternate-goal-states',
      'alternate-list-options',
      'multi-family-profiles',
      'reference-changed-after-as-of',
    ];
    expect([...workdayConnector.sandbox.variations].sort()).toEqual([...all].sort());
    const bad: unknown = 'no-such-variation';
    const isVariation = (v: unknown): v is TenantVariation => typeof v === 'string';
    if (!isVariation(bad)) throw new Error('unreachable');
    await expect(startWorkdaySandbox({ org: orgAt('2027-06-30', 5), port: 0, variations: [bad] })).rejects.toThrow(
      'no variation no-such-variation',
    );
  });
});
