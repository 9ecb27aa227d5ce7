import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBamboohrSandbox,
  SANDBOX_KEY_ENV,
  type BamboohrSandbox,
} from '../../../connectors/bamboohr/sandbox/index.js';
import { wireLists } from '../../../connectors/bamboohr/wire-schemas.js';
import { addHeavyGoalOwner, makeOrg } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const spec = readFileSync(path.resolve(repoRoot, '../shared/specs/bamboohr/bamboohr-public-openapi.yaml'), 'utf8');

let sb: BamboohrSandbox;
let auth: string;
const org = makeOrg(120, 5);
const heavyId = addHeavyGoalOwner(org);

const call = async (
  method: string,
  p: string,
  init: { headers?: Record<string, string>; body?: unknown; raw?: string; key?: string } = {},
) => {
  const key = init.key ?? sb.env[SANDBOX_KEY_ENV] ?? '';
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${key}:x`).toString('base64')}`,
    ...init.headers,
  };
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const res = await fetch(new URL(p, sb.baseUrl), { method, headers, ...(body === undefined ? {} : { body }) });
  return {
    status: res.status,
    message: res.headers.get('x-bamboohr-message'),
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
    headers: res.headers,
  };
};
const json = { Accept: 'application/json' };
const jsonBody = { Accept: 'application/json', 'Content-Type': 'application/json' };

beforeAll(async () => {
  sb = await startBamboohrSandbox({ org, port: 0 });
  auth = sb.env[SANDBOX_KEY_ENV] ?? '';
});
afterAll(async () => sb.close());

describe('BambooHR sandbox strictness', () => {
  it('serves the paths of the real spec', () => {
    for (const p of [
      '/api/v1/meta/fields:',
      '/api/v1/reports/custom:',
      "'/api/v1/employees/{id}/tables/{table}':",
      "'/api/v1/performance/employees/{employeeId}/goals':",
      "'/api/v1_1/performance/employees/{employeeId}/goals/{goalId}':",
      "'/api/v1_2/performance/employees/{employeeId}/goals/aggregate':",
      "'/api/v1/performance/employees/{employeeId}/goals/{goalId}/reopen':",
    ])
      expect(spec).toContain(p);
  });

  it('answers XML without Accept: application/json, and refuses it on JSON-only goal endpoints', async () => {
    const xml = await call('GET', 'v1/meta/fields');
    expect(xml.status).toBe(200);
    expect(xml.type).toContain('text/xml');
    expect(xml.text.startsWith('<?xml')).toBe(true);
    const rows = await call('GET', 'v1/employees/all/tables/jobInfo');
    expect(rows.text).toContain('<row id=');
    const goals = await call('GET', 'v1/performance/employees/1001/goals?filter=status-all');
    expect(goals.status).toBe(406);
    expect((await call('GET', 'v1/meta/fields', { headers: json })).type).toContain('application/json');
  });

  it('custom report: exact application/json only, Accept outside the list is 404, unknown fields silently dropped', async () => {
    const body = { fields: ['firstName', 'customNoSuchField', 'jobLevel'] };
    const charset = await call('POST', 'v1/reports/custom?format=JSON', {
      headers: { ...json, 'Content-Type': 'application/json; charset=UTF-8' },
      body,
    });
    expect(charset.status).toBe(400);
    expect(charset.message).toBe('Malformed XML');
    const star = await call('POST', 'v1/reports/custom', {
      headers: { Accept: '*/*', 'Content-Type': 'application/json' },
      body,
    });
    expect(star.status).toBe(404);
    const ok = await call('POST', 'v1/reports/custom?format=json', { headers: jsonBody, body });
    expect(ok.status).toBe(200);
    const report = JSON.parse(ok.text);
    expect(report.fields.map((f: { id: string }) => f.id)).toEqual(['firstName', 'jobLevel']);
    expect(report.employees).toHaveLength(org.employees.length);
    expect(typeof report.employees[0].jobLevel).toBe('string');
  });

  it('has 0000-00-00 for empty termination dates and both Active and Inactive employees', async () => {
    const res = await call('POST', 'v1/reports/custom?format=JSON', {
      headers: jsonBody,
      body: { fields: ['status', 'terminationDate'] },
    });
    const employees: { status: string; terminationDate: string }[] = JSON.parse(res.text).employees;
    expect(employees.some((e) => e.status === 'Active' && e.terminationDate === '0000-00-00')).toBe(true);
    expect(employees.some((e) => e.status === 'Inactive')).toBe(true);
  });

  it('drops a field the key cannot read (dropField) from the report and refuses writes to it', async () => {
    sb.setQuirks({ dropField: 'customAIFluencyReason' });
    const res = await call('POST', 'v1/reports/custom?format=JSON', {
      headers: jsonBody,
      body: { fields: ['customAIFluencyReason', 'firstName'] },
    });
    expect(JSON.parse(res.text).fields.map((f: { id: string }) => f.id)).toEqual(['firstName']);
    expect(
      (await call('POST', 'v1/employees/1001', { headers: jsonBody, body: { customAIFluencyReason: 'x' } })).status,
    ).toBe(403);
    sb.setQuirks({ dropField: null });
  });

  it('goal list: closed hidden without status-all, capped at 50; the aggregate is not capped', async () => {
    const heavy = org.employees.find((e) => e.id === heavyId);
    expect(heavy).toBeDefined();
    const id = heavy?.id ?? '';
    const closed = heavy?.seededGoals.filter((g) => g.closed).length ?? 0;
    const plain = JSON.parse((await call('GET', `v1/performance/employees/${id}/goals`, { headers: json })).text).goals;
    expect(plain.every((g: { status: string }) => g.status !== 'closed')).toBe(true);
    const all = JSON.parse(
      (await call('GET', `v1/performance/employees/${id}/goals?filter=status-all`, { headers: json })).text,
    ).goals;
    expect(all).toHaveLength(50);
    const agg = JSON.parse(
      (await call('GET', `v1_2/performance/employees/${id}/goals/aggregate?filter=status-closed`, { headers: json }))
        .text,
    );
    expect(agg.goals).toHaveLength(closed);
    expect(agg.filters.filters.map((f: { id: string }) => f.id)).toEqual([
      'status-inProgress',
      'status-completed',
      'status-closed',
    ]);
  });

  it('goal create: 201, owner must be shared, completionDate only at 100%, dates yyyy-mm-dd; the PUT replaces the whole goal', async () => {
    const base = { title: 'T', description: 'D', dueDate: '2027-12-31', sharedWithEmployeeIds: [1001] };
    expect(
      (
        await call('POST', 'v1/performance/employees/1001/goals', {
          headers: jsonBody,
          body: { ...base, sharedWithEmployeeIds: [1000] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', 'v1/performance/employees/1001/goals', {
          headers: jsonBody,
          body: { ...base, dueDate: '12/31/2027' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', 'v1/performance/employees/1001/goals', {
          headers: jsonBody,
          body: { ...base, percentComplete: 50, completionDate: '2027-03-01' },
        })
      ).status,
    ).toBe(400);
    const created = await call('POST', 'v1/performance/employees/1001/goals', {
      headers: jsonBody,
      body: { ...base, percentComplete: 30 },
    });
    expect(created.status).toBe(201);
    const goal = JSON.parse(created.text).goal;
    const put = await call('PUT', `v1_1/performance/employees/1001/goals/${goal.id}`, {
      headers: jsonBody,
      body: { title: 'T2', dueDate: '2027-12-31', sharedWithEmployeeIds: [1001] },
    });
    expect(put.status).toBe(200);
    expect(JSON.parse(put.text).goal).toMatchObject({ title: 'T2', description: '', percentComplete: 0 });
  });

  it('field update and table row: 200 with no body and no id; list options enforced (409), bad dates refused (406)', async () => {
    const ok = await call('POST', 'v1/employees/1002', {
      headers: jsonBody,
      body: { customAIFluencyEligibility: 'eligible', customAIFluencyReason: 'ok' },
    });
    expect([ok.status, ok.text]).toEqual([200, '']);
    expect(
      (await call('POST', 'v1/employees/1002', { headers: jsonBody, body: { customAIFluencyEligibility: 'maybe' } }))
        .status,
    ).toBe(409);
    expect(
      (await call('POST', 'v1/employees/1002', { headers: jsonBody, body: { customAIFluencyEligibility: 'pending' } }))
        .status,
    ).toBe(409);
    expect((await call('POST', 'v1/employees/1002', { headers: jsonBody, body: { customNoSuch: 'x' } })).status).toBe(
      400,
    );
    const row = {
      date: '2026-11-02',
      customPromotionFrom: 'G4',
      customPromotionTo: 'G5',
      customNote: 'exception: justification required',
    };
    const added = await call('POST', 'v1/employees/1002/tables/customAIFluencyExceptions', {
      headers: jsonBody,
      body: row,
    });
    expect([added.status, added.text]).toEqual([200, '']);
    expect(
      (
        await call('POST', 'v1/employees/1002/tables/customAIFluencyExceptions', {
          headers: jsonBody,
          body: { ...row, date: '2026-13-40' },
        })
      ).status,
    ).toBe(406);
    expect((await call('POST', 'v1/employees/1002/tables/noSuchTable', { headers: jsonBody, body: row })).status).toBe(
      404,
    );
    expect(sb.snapshot().eligibility['1002']).toEqual({ value: 'eligible', reason: 'ok' });
    expect(sb.snapshot().exceptionNotes['1002']).toHaveLength(1);
  });

  it('alternate-list-options: other option words and ids; the archived canonical word is refused like any non-option', async () => {
    const other = await startBamboohrSandbox({ org, port: 0, variations: ['alternate-list-options'] });
    try {
      const key = other.env[SANDBOX_KEY_ENV] ?? '';
      const headers = { ...jsonBody, Authorization: `Basic ${Buffer.from(`${key}:x`).toString('base64')}` };
      const post = async (value: string) =>
        fetch(new URL('v1/employees/1002', other.baseUrl), {
          method: 'POST',
          headers,
          body: JSON.stringify({ customAIFluencyEligibility: value }),
        });
      const lists = wireLists.parse(await (await fetch(new URL('v1/meta/lists', other.baseUrl), { headers })).json());
      const flag = lists.find((l) => l.fieldId === '4402');
      expect(flag?.options.map((o) => `${o.name}:${o.archived}`)).toEqual([
        'Yes:no',
        'No:no',
        'Under review:no',
        'eligible:yes',
      ]);
      expect(flag?.options.every((o) => Number(o.id) >= 7000)).toBe(true);
      const refused = await post('eligible');
      expect([refused.status, refused.headers.get('x-bamboohr-message')]).toEqual([
        409,
        '"eligible" is not an option of list field AI Fluency Eligibility',
      ]);
      expect((await post('Yes')).status).toBe(200);
      expect(other.snapshot().eligibility['1002']?.value).toBe('eligible');
      await expect(startBamboohrSandbox({ org, port: 0, variations: ['multi-family-profiles'] })).rejects.toThrow(
        /has no variation multi-family-profiles/,
      );
    } finally {
      await other.close();
    }
  });

  it('throttles on demand with 429 or (legacy503) 503, always with Retry-After, and fails writes without performing them', async () => {
    sb.setQuirks({ rateLimitEvery: 1, retryAfterSeconds: 7 });
    const limited = await call('GET', 'v1/meta/fields', { headers: json });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    sb.setQuirks({ legacy503: true });
    expect((await call('GET', 'v1/meta/fields', { headers: json })).status).toBe(503);
    sb.setQuirks({ rateLimitEvery: 0, legacy503: false, failWritesEvery: 1 });
    const before = sb.snapshot().eligibility['1003'];
    expect(
      (await call('POST', 'v1/employees/1003', { headers: jsonBody, body: { customAIFluencyReason: 'x' } })).status,
    ).toBe(500);
    expect(sb.snapshot().eligibility['1003']).toEqual(before);
    sb.setQuirks({ failWritesEvery: 0 });
  });

  it('401 for an unknown key, then 403 for everybody after repeated bad keys; the key never reaches the log', async () => {
    const other = await startBamboohrSandbox({ org: makeOrg(5, 1), port: 0, quirks: { lockoutAfter: 3 } });
    const saved = sb;
    sb = other;
    try {
      const good = other.env[SANDBOX_KEY_ENV] ?? '';
      expect((await call('GET', 'v1/meta/fields', { headers: json })).status).toBe(200);
      for (let i = 0; i < 3; i++)
        expect((await call('GET', 'v1/meta/fields', { headers: json, key: 'f'.repeat(40) })).status).toBe(401);
      const locked = await call('GET', 'v1/meta/fields', { headers: json, key: good });
      expect(locked.status).toBe(403);
      expect(other.requestLog().join('\n')).not.toContain(good);
    } finally {
      sb = saved;
      await other.close();
    }
    expect(sb.requestLog().join('\n')).not.toContain(auth);
  });

  it('serves the legacy gateway form and refuses another company there', async () => {
    const origin = new URL(sb.baseUrl).origin;
    const res = await fetch(`${origin}/api/gateway.php/sandbox/v1/meta/tables`, {
      headers: { ...json, Authorization: `Basic ${Buffer.from(`${auth}:x`).toString('base64')}` },
    });
    expect(res.status).toBe(200);
    const other = await fetch(`${origin}/api/gateway.php/acme/v1/meta/tables`, {
      headers: { ...json, Authorization: `Basic ${Buffer.from(`${auth}:x`).toString('base64')}` },
    });
    expect(other.status).toBe(404);
  });
});
