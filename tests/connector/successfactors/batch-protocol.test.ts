/** `$batch` on the wire: the sandbox refuses what SuccessFactors refuses; the reader copes with a failed part. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { readAll, type ReadSpec } from '../../../connectors/successfactors/batch-read.js';
import { batchRequestBody, boundaryOf, parseBatchAnswer } from '../../../connectors/successfactors/multipart.js';
import type { SuccessFactorsSandbox } from '../../../connectors/successfactors/sandbox/index.js';
import { toError } from '../../../connectors/successfactors/to-error.js';
import { createHttpClient } from '../../../src/http/index.js';
import { FluencyError } from '../../../src/errors.js';
import { sandboxToken, startWith, testSettings } from './harness.js';

const batch = async (sb: SuccessFactorsSandbox, token: string, paths: string[], over: { body?: string } = {}) => {
  const boundary = 'batch_test';
  const res = await fetch(`${sb.baseUrl}odata/v2/$batch`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/mixed;boundary=${boundary}` },
    body: over.body ?? batchRequestBody(boundary, paths),
  });
  const text = await res.text();
  const answerBoundary = boundaryOf(res.headers.get('content-type') ?? '');
  return { status: res.status, text, parts: answerBoundary ? parseBatchAnswer(answerBoundary, text) : null };
};

describe('the sandbox $batch', () => {
  let sb: SuccessFactorsSandbox;
  let token = '';
  beforeAll(async () => {
    sb = await startWith({}, 20);
    token = await sandboxToken(sb);
  });
  afterAll(() => sb.close());

  it('answers each GET part as the GET alone would, errors inside their part', async () => {
    const users = 'User?$format=json&$select=userId&customPageSize=5';
    const out = await batch(sb, token, [users, 'NoSuchSet?$format=json']);
    expect(out.status).toBe(202);
    expect(out.parts?.map((p) => p.status)).toEqual([200, 404]);
    const alone = await fetch(`${sb.baseUrl}odata/v2/${users}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(JSON.parse(out.parts?.[0]?.body ?? 'null')).toEqual(await alone.json());
    expect(out.parts?.[1]?.body).toMatch(/COE_ENTITY_NOT_FOUND/);
  });

  it('refuses more than 180 requests, changesets, other content types and calls without a token', async () => {
    const many = await batch(
      sb,
      token,
      Array.from({ length: 181 }, () => 'User?$format=json&$top=1'),
    );
    expect(many.status).toBe(400);
    expect(many.text).toMatch(/maximum request count allowed : 180/);
    expect(
      (
        await batch(
          sb,
          token,
          Array.from({ length: 180 }, () => 'User?$format=json&$top=1'),
        )
      ).status,
    ).toBe(202);
    const changeset = [
      '--batch_test',
      'Content-Type: multipart/mixed; boundary=changeset_1',
      '',
      '--changeset_1',
      '--changeset_1--',
      '--batch_test--',
      '',
    ].join('\r\n');
    expect((await batch(sb, token, [], { body: changeset })).status).toBe(501);
    const json = await fetch(`${sb.baseUrl}odata/v2/$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '[]',
    });
    expect(json.status).toBe(400);
    expect((await batch(sb, 'nope', ['User?$format=json'])).status).toBe(401);
  });
});

describe('the batched reader', () => {
  const BASE = 'https://api.test.local';
  const http = () =>
    createHttpClient({ connector: 'eu', baseUrl: `${BASE}/`, settings: testSettings(), translate: toError });
  const specs: ReadSpec[] = [
    { entitySet: 'User', query: { select: ['userId'] } },
    { entitySet: 'EmpJob', query: { select: ['userId'] } },
  ];
  const answer = (parts: string[]) =>
    parts.map((p) => `--b1\r\nContent-Type: application/http\r\n\r\n${p}\r\n`).join('') + '--b1--\r\n';
  const ok = (body: unknown) => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(body)}`;
  const multipart = { 'Content-Type': 'multipart/mixed; boundary=b1' };

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('asks a part that failed again on its own and follows each read to its last page', async () => {
    const api = nock(BASE)
      .post('/odata/v2/$batch')
      .reply(
        202,
        answer([
          ok({ d: { results: [{ userId: 'u1' }], __next: `${BASE}/odata/v2/User?$format=json&$skiptoken=1` } }),
          'HTTP/1.1 503 Service Unavailable\r\n\r\n',
        ]),
        multipart,
      )
      .get('/odata/v2/EmpJob')
      .query(true)
      .reply(200, { d: { results: [{ userId: 'u9' }] } })
      .get('/odata/v2/User')
      .query({ $format: 'json', $skiptoken: '1' })
      .reply(200, { d: { results: [{ userId: 'u2' }] } });
    expect(await readAll(http(), specs, 50)).toEqual([[{ userId: 'u1' }, { userId: 'u2' }], [{ userId: 'u9' }]]);
    expect(api.isDone()).toBe(true);
  });

  it('calls an answer with a part missing unexpected, and sends nothing more', async () => {
    const api = nock(BASE)
      .post('/odata/v2/$batch')
      .reply(202, answer([ok({ d: { results: [] } })]), multipart);
    const err = await readAll(http(), specs, 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FluencyError);
    expect(err instanceof FluencyError ? err.code : '').toBe('FF_UNEXPECTED_RESPONSE');
    expect(api.isDone()).toBe(true);
  });

  it('refuses a next link to another origin', async () => {
    nock(BASE)
      .post('/odata/v2/$batch')
      .reply(
        202,
        answer([
          ok({ d: { results: [], __next: 'https://elsewhere.example/odata/v2/User?$skiptoken=1' } }),
          ok({ d: { results: [] } }),
        ]),
        multipart,
      );
    await expect(readAll(http(), specs, 50)).rejects.toThrow(/another origin/);
  });
});
