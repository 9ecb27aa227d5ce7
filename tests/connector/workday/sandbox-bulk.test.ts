/** The Workday sandbox's WQL and `bulk=true` routes refuse what the REST directory's specs rule out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { smallOrg } from './helpers.js';

let sb: WorkdaySandbox;
beforeAll(async () => {
  sb = await startWorkdaySandbox({ org: smallOrg(20, 3), port: 0 });
});
afterAll(async () => sb.close());

const auth = () => {
  const user = String(Reflect.get(Reflect.get(sb.connectorConfig('x'), 'auth') ?? {}, 'username') ?? '');
  const pass = sb.env.FLUENCYFLOW_SANDBOX_WORKDAY_PASSWORD ?? '';
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
};
const api = (path: string) => `${sb.baseUrl}ccx/api/${path}`;
const get = async (path: string) => {
  const res = await fetch(api(path), { headers: { Authorization: auth() } });
  return { status: res.status, body: JSON.stringify(await res.json()) };
};
const post = async (path: string, body: unknown) => {
  const res = await fetch(api(path), {
    method: 'POST',
    headers: { Authorization: auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.stringify(await res.json()) };
};
const wql = (query: string, params = 'limit=100&offset=0') =>
  get(`wql/v1/sandbox/data?query=${encodeURIComponent(query)}&${params}`);
const SOURCE = 'fluencyEligibilityInstances';

describe('Workday sandbox: WQL', () => {
  it('refuses a limit over 100, an unknown data source or field, a syntax it does not know and a long GET', async () => {
    expect((await wql(`SELECT worker FROM ${SOURCE}`, 'limit=101')).status).toBe(400);
    expect((await wql(`SELECT worker FROM ${SOURCE}`, 'limit=0')).status).toBe(400);
    const source = await wql('SELECT worker FROM noSuchSource');
    expect(source.status).toBe(400);
    expect(source.body).toContain('Invalid data source: noSuchSource');
    expect((await wql(`SELECT worker, colour FROM ${SOURCE}`)).body).toContain('colour');
    expect((await wql(`worker FROM ${SOURCE}`)).body).toContain('Syntax error');
    const long = `SELECT worker FROM ${SOURCE} WHERE reason = '${'x'.repeat(2100)}'`;
    expect((await wql(long)).status).toBe(400);
    expect((await post('wql/v1/sandbox/data', { query: long })).status).toBe(200);
  });

  it('lists the data source and its fields by alias', async () => {
    const sources = await get(`wql/v1/sandbox/dataSources?alias=${SOURCE}`);
    expect(sources.status).toBe(200);
    const id = /"id":"([0-9a-f]{32})"/.exec(sources.body)?.[1] ?? '';
    expect(id).not.toBe('');
    expect((await get(`wql/v1/sandbox/dataSources/${id}/fields?alias=eligible`)).body).toContain('"alias":"eligible"');
    expect((await get('wql/v1/sandbox/dataSources?alias=other')).body).toContain('"total":0');
  });
});

describe('Workday sandbox: WQL data source of the exception notes', () => {
  const NOTES = 'fluencyExceptionInstances';
  const ALL = `SELECT workdayID, worker, promotionDate, fromGrade, toGrade, note FROM ${NOTES}`;

  it('refuses what it refuses for the flags: a limit over 100, a field of the other object, an unknown field', async () => {
    expect((await wql(ALL, 'limit=101')).status).toBe(400);
    const other = await wql(`SELECT worker, eligible FROM ${NOTES}`);
    expect(other.status).toBe(400);
    expect(other.body).toContain('eligible');
    expect((await wql(`SELECT worker, note FROM ${SOURCE}`)).body).toContain('Invalid field(s)');
    expect((await wql(`SELECT worker, colour FROM ${NOTES}`)).status).toBe(400);
  });

  it('answers 403 to a query of either source when the user lacks the custom objects domain', async () => {
    sb.setQuirks({ forbidRest: ['customObject'] });
    try {
      expect((await wql(ALL)).status).toBe(403);
      expect((await wql(`SELECT worker FROM ${SOURCE}`)).status).toBe(403);
    } finally {
      sb.setQuirks({ forbidRest: [] });
    }
    expect((await wql(ALL)).status).toBe(200);
  });

  it('lists the data source and its fields, and answers an empty source with no rows', async () => {
    const sources = await get(`wql/v1/sandbox/dataSources?alias=${NOTES}`);
    const id = /"id":"([0-9a-f]{32})"/.exec(sources.body)?.[1] ?? '';
    expect(id).not.toBe('');
    expect((await get(`wql/v1/sandbox/dataSources/${id}/fields?alias=promotionDate`)).body).toContain('"type":"Date"');
    // No note written yet: the tenant's answer for an empty data source.
    expect((await wql(ALL)).body).toBe('{"total":0,"data":[]}');
  });
});

describe('Workday sandbox: customObject bulk=true', () => {
  it('refuses more than 100 instances, a bare object with bulk=true and an array without it', async () => {
    const item = { worker: { id: 'nope' }, eligible: 'eligible', reason: 'r' };
    const bulk = 'customObject/v2/sandbox/customObjects/fluencyEligibility?bulk=true&updateIfExists=true';
    const many = await post(
      bulk,
      Array.from({ length: 101 }, () => item),
    );
    expect(many.status).toBe(400);
    expect(many.body).toContain('1 to 100');
    expect((await post('customObject/v2/sandbox/customObjects/fluencyEligibility?bulk=true', item)).status).toBe(400);
    expect((await post('customObject/v2/sandbox/customObjects/fluencyEligibility', [item])).status).toBe(400);
  });

  it('writes nothing when one instance is invalid and names it by path', async () => {
    const found = await wql(`SELECT worker FROM ${SOURCE}`);
    expect(found.status).toBe(200);
    const res = await post('customObject/v2/sandbox/customObjects/fluencyEligibility?bulk=true&updateIfExists=true', [
      { worker: { id: 'missing-worker' }, eligible: 'eligible', reason: 'r' },
      { worker: { id: 'other' }, colour: 'red' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toContain('"path":"[0].worker"');
    expect(res.body).toContain('"path":"[1].colour"');
    expect(Object.keys(sb.snapshot().eligibility)).toHaveLength(0);
  });
});
