/**
 * The chunked reads in `$batch` calls: what they cost on the sandbox for a full read of more than 1,000 people and
 * for a delta of more than 1,000 changed people, and that they read exactly what one GET per chunk reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmployeeRecord } from '../../../src/connector.js';
import type { SuccessFactorsSandbox } from '../../../connectors/successfactors/sandbox/index.js';
import { readAll, readOptions, sessionFor, startWith } from './harness.js';

let sandbox: SuccessFactorsSandbox | undefined;
afterEach(() => sandbox?.close());

const byId = (records: readonly EmployeeRecord[]) =>
  [...records].sort((a, b) => a.employee.id.localeCompare(b.employee.id));

/** The calls by route since `before` (a copy of the sandbox's counts then). */
const routesSince = (sb: SuccessFactorsSandbox, before: Record<string, number>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [route, n] of Object.entries(sb.stats().byRoute)) {
    const d = n - (before[route] ?? 0);
    if (d > 0) out[route] = d;
  }
  return out;
};

/**
 * Whether a chunked read (an `in` or `eq` filter on the user's id) asked for a second page since request number
 * `from`: then a batch round more than the formulas below count.
 */
const followedNext = (sb: SuccessFactorsSandbox, from: number) =>
  sb
    .requests()
    .slice(from)
    .some(
      (r) =>
        r.query.has('$skiptoken') && /\b(userId|externalCode|cust_userId) (in|eq) /.test(r.query.get('$filter') ?? ''),
    );

const CHUNK_READS = ['GET EmpJob', 'GET Goal_3', 'GET cust_AIFluencyEligibility', 'GET cust_AIFluencyException'];

describe('SuccessFactors reads in $batch calls', () => {
  it('reads 2,500 people with one User page and one $batch per 1,000, as one GET per chunk reads them', async () => {
    const N = 2500;
    sandbox = await startWith({}, N);
    const s = sessionFor(sandbox);
    const before = { ...sandbox.stats().byRoute };
    const from = sandbox.requests().length;
    const batched = await readAll(s);
    const routes = routesSince(sandbox, before);
    expect(followedNext(sandbox, from)).toBe(false);
    const pages = Math.ceil(batched.length / 1000);
    expect(batched.length).toBeGreaterThan(2000);
    expect(routes['GET User']).toBe(pages);
    expect(routes['POST $batch']).toBe(pages);
    for (const r of CHUNK_READS) expect(routes[r]).toBeUndefined();
    // Without batching the same read costs a GET per chunk of 200 ids per entity set.
    const plain = sessionFor(sandbox, { over: { readBatchSize: 1 } });
    const beforePlain = { ...sandbox.stats().byRoute };
    const unbatched = await readAll(plain);
    const plainRoutes = routesSince(sandbox, beforePlain);
    expect(plainRoutes['POST $batch']).toBeUndefined();
    // Pages of 1,000 users, each read in chunks of 200 ids.
    const chunks = (n: number): number => (n <= 0 ? 0 : Math.ceil(Math.min(n, 1000) / 200) + chunks(n - 1000));
    expect(plainRoutes['GET EmpJob']).toBe(chunks(N));
    expect(byId(batched)).toEqual(byId(unbatched));
  });

  it('reads a delta of 1,200 changed people in four $batch calls, as one GET per chunk reads them', async () => {
    sandbox = await startWith({}, 2500);
    const first = await readAll(sessionFor(sandbox));
    const changedSince = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const changed = first.slice(0, 1200).map((r) => r.employee.id);
    for (const id of changed) sandbox.setFlagByHand(id, { value: 'not-eligible', reason: 'set by hand', by: 'hrbp1' });
    const request = { previousAsOf: readOptions.asOf, include: [], cached: new Map() };
    const s = sessionFor(sandbox);
    const before = { ...sandbox.stats().byRoute };
    const from = sandbox.requests().length;
    const delta = await s.readDelta?.({ ...readOptions, changedSince }, request);
    const routes = routesSince(sandbox, before);
    expect(followedNext(sandbox, from)).toBe(false);
    expect(delta?.records.map((r) => r.employee.id).sort()).toEqual([...changed].sort());
    // The changed ids (5 sets in one batch; the flags' ids, one per changed flag, have more pages: plain GETs), the
    // changed people's User rows (6 chunks), then their rows in the 4 other sets per 1,000 people.
    const pages = Math.ceil(changed.length / 1000);
    expect(routes['POST $batch']).toBe(2 + pages);
    expect(routes['GET cust_AIFluencyEligibility']).toBe(pages - 1);
    for (const r of ['GET EmpJob', 'GET Goal_3', 'GET cust_AIFluencyException', 'GET User'])
      expect(routes[r]).toBeUndefined();
    const plain = sessionFor(sandbox, { over: { readBatchSize: 1 } });
    const unbatched = await plain.readDelta?.({ ...readOptions, changedSince }, request);
    expect(byId(delta?.records ?? [])).toEqual(byId(unbatched?.records ?? []));
    expect(delta?.records.every((r) => r.current.eligibility?.value === 'not-eligible')).toBe(true);
  });
});
