/**
 * The sandbox in each tenant shape refuses what the real API refuses: a goal state outside the plan's states (a
 * 400 on create, a per-record ERROR inside the 200 upsert answer), a picklist code outside the active options; and
 * it serves `<set>/$metadata` and effective-dated reference data as a tenant does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signedAssertionBase64 } from '../../../connectors/successfactors/saml.js';
import {
  SANDBOX_API_USER,
  SANDBOX_COMPANY_ID,
  SANDBOX_ENV,
  startSuccessFactorsSandbox,
  type SuccessFactorsSandbox,
} from '../../../connectors/successfactors/sandbox/index.js';
import type { TenantVariation } from '../../../src/connector.js';
import { makeOrg } from './harness.js';

let sb: SuccessFactorsSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const upsertResults = z.array(z.object({ status: z.string(), httpCode: z.number(), message: z.string().nullable() }));
const answerJson = z.object({
  error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }).optional(),
  // Upsert answers carry a list of per-record results; other answers' `d` (a created entity, a collection) is not read.
  d: z
    .unknown()
    .transform((d) => upsertResults.safeParse(d).data)
    .optional(),
});

interface Answer {
  status: number;
  text: string;
  json: z.infer<typeof answerJson>;
}

/** A sandbox in these shapes, and a caller holding a token for it. */
const open = async (variations: readonly TenantVariation[]) => {
  const s = await startSuccessFactorsSandbox({ org: makeOrg(20), variations });
  sb = s;
  const clientId = s.env[SANDBOX_ENV.clientId] ?? '';
  const form = new URLSearchParams({
    company_id: SANDBOX_COMPANY_ID,
    client_id: clientId,
    grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
    assertion: signedAssertionBase64({
      connector: 'sf',
      clientId,
      userId: SANDBOX_API_USER,
      recipient: `${s.baseUrl}oauth/token`,
      privateKeyPem: s.env[SANDBOX_ENV.key] ?? '',
      now: new Date(),
    }),
  });
  const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const tokenRes = await fetch(`${s.baseUrl}oauth/token`, { method: 'POST', headers: formHeaders, body: `${form}` });
  const { access_token: token } = z.object({ access_token: z.string() }).parse(await tokenRes.json());
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const payload = body === undefined ? {} : { body: JSON.stringify(body) };
    const res = await fetch(`${s.baseUrl}odata/v2/${path}`, { method, headers, ...payload });
    const text = await res.text();
    return { status: res.status, text, json: text.startsWith('{') ? answerJson.parse(JSON.parse(text)) : {} };
  };
  return { s, call };
};

const user = () => makeOrg(20).employees[0]?.id ?? '';
const goal = (state: string) => ({
  name: 'AI goal',
  metric: 'm',
  category: 'Learning and Growth',
  type: 'user',
  userId: user(),
  state,
  due: '/Date(1830211200000)/',
});

describe('sandbox tenant shapes are strict', () => {
  it('alternate-goal-states: a state outside the plan is a 400 on create and an ERROR record on upsert', async () => {
    const { call } = await open(['alternate-goal-states']);
    const bad = await call('POST', 'Goal_3?$format=json', goal('Completed'));
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('COE_GENERAL_BAD_REQUEST');
    expect(bad.json.error?.message.value).toBe(
      '[COE0019]Invalid value for state: Completed. ' +
        'Valid values of goal plan 3: not-started, on-track, behind, achieved, abandoned',
    );
    const good = await call('POST', 'Goal_3?$format=json', goal('achieved'));
    expect(good.status).toBe(201);
    const id = /Goal_3\((\d+)L\)/.exec(good.text)?.[1] ?? '';
    const upsert = await call('POST', 'upsert?$format=json&strictTransactionIsolate=true', [
      { __metadata: { uri: `Goal_3(${id}L)` }, id, state: 'On Track' },
      { __metadata: { uri: `Goal_3(${id}L)` }, id, state: 'on-track' },
    ]);
    expect(upsert.status).toBe(200);
    expect(upsert.json.d?.map((r) => [r.status, r.httpCode])).toEqual([
      ['ERROR', 400],
      ['OK', 204],
    ]);
    expect(upsert.json.d?.[0]?.message).toMatch(/Invalid value for state: On Track/);
  });

  it('alternate-list-options: only active option codes are accepted in the picklist field', async () => {
    const { s, call } = await open(['alternate-list-options']);
    const rec = (code: string, who: string) => ({
      __metadata: { uri: `cust_AIFluencyEligibility('${who}')` },
      externalCode: who,
      cust_eligible: code,
      cust_reason: 'r',
    });
    const ids = makeOrg(20).employees.map((e) => e.id);
    const res = await call('POST', 'upsert?$format=json&strictTransactionIsolate=true', [
      rec('eligible', ids[0] ?? ''),
      rec('Eligible', ids[1] ?? ''),
      rec('pending', ids[2] ?? ''),
      rec('Y', ids[3] ?? ''),
    ]);
    expect(res.status).toBe(200);
    expect(res.json.d?.map((r) => r.status)).toEqual(['ERROR', 'ERROR', 'ERROR', 'OK']);
    expect(res.json.d?.[2]?.message).toBe(
      '[COE0019]Invalid picklist value for cust_eligible: pending is not an active option of picklist ' +
        'AIFluencyEligibility',
    );
    expect(s.snapshot().eligibility[ids[3] ?? '']).toEqual({ value: 'eligible', reason: 'r' });
    const filter = "PickListV2_id eq 'AIFluencyEligibility'";
    const options = await call('GET', `PickListValueV2?$format=json&$filter=${filter}&asOfDate=2027-03-01`);
    expect(options.text).toContain('"label_localized":"Not eligible"');
  });

  it('serves $metadata with the picklist and permission annotations, and 404 for an unknown set', async () => {
    const { s, call } = await open([]);
    const meta = await call('GET', 'cust_AIFluencyEligibility/$metadata');
    expect(meta.status).toBe(200);
    expect(meta.text).toMatch(
      /<Property Name="cust_eligible" Type="Edm.String"[^>]* sap:picklist="AIFluencyEligibility"/,
    );
    expect(meta.text).toMatch(/<EntitySet Name="cust_AIFluencyEligibility"[^>]* sap:upsertable="true"/);
    expect((await call('GET', 'cust_Nope/$metadata')).json.error?.code).toBe('COE_ENTITY_NOT_FOUND');
    s.setQuirks({ readOnlyEntities: ['cust_AIFluencyEligibility'] });
    const locked = await call('GET', 'cust_AIFluencyEligibility/$metadata');
    expect(locked.text).toMatch(/<EntitySet Name="cust_AIFluencyEligibility"[^>]* sap:upsertable="false"/);
    const who = user();
    const denied = await call('POST', 'upsert?$format=json&strictTransactionIsolate=true', [
      { __metadata: { uri: `cust_AIFluencyEligibility('${who}')` }, externalCode: who, cust_eligible: 'eligible' },
    ]);
    expect(denied.json.d?.map((r) => [r.status, r.httpCode])).toEqual([['ERROR', 403]]);
  });

  it('reference-changed-after-as-of: pay grades read as of today differ from those as of D', async () => {
    const { call } = await open(['reference-changed-after-as-of']);
    const grades = 'FOPayGrade?$format=json&$select=externalCode,name,paygradeLevel';
    const asOfD = await call('GET', `${grades}&asOfDate=2027-03-01`);
    const today = await call('GET', grades);
    expect(asOfD.text).not.toContain('restructured');
    expect(today.text).toContain('restructured');
  });
});
