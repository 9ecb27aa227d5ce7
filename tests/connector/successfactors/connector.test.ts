import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import type { SuccessFactorsSandbox } from '../../../connectors/successfactors/sandbox/index.js';
import { SANDBOX_ENV } from '../../../connectors/successfactors/sandbox/index.js';
import { memoryLogger } from '../../../src/logger.js';
import {
  AS_OF,
  TITLE,
  changesFor,
  makeOrg,
  readAll,
  readOptions,
  sessionFor,
  startWith,
  testSettings,
} from './harness.js';

let sandbox: SuccessFactorsSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('SuccessFactors connector against its sandbox', () => {
  it('passes check and discovers grades in paygradeLevel order', async () => {
    sandbox = await startWith();
    const s = sessionFor(sandbox);
    const items = await s.check();
    expect(items.filter((i) => !i.ok)).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(7);
    const d = await s.discover();
    expect(d.gradesOrdered).toBe(true);
    expect(d.grades.map((g) => g.id)).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9', 'G10']);
    expect(d.goalCategories.map((c) => c.id)).toContain('Learning and Growth');
  });

  it('check reports a missing MDF object and a missing goal state without throwing', async () => {
    sandbox = await startWith();
    const items = await sessionFor(sandbox, {
      over: {
        mdfObject: 'cust_Nope',
        values: { goalStatus: { 'on-track': 'Green', behind: 'Behind', achieved: 'Completed' } },
      },
    }).check();
    expect(items.find((i) => i.name.includes('cust_Nope'))?.detail).toMatch(
      /^FF_SETUP_MISSING: connectors\[0\]\.mdfObject: the tenant has no MDF object cust_Nope/,
    );
    expect(items.find((i) => i.name === 'goal states')?.detail).toMatch(
      /^FF_TENANT_VALUE: connectors\[0\]\.values\.goalStatus\.on-track: "Green" is not in/,
    );
  });

  it('check answers a mistyped MDF object name with the one the tenant has', async () => {
    sandbox = await startWith();
    const items = await sessionFor(sandbox, { over: { exceptionObject: 'cust_AIFluencyExeption' } }).check();
    const detail = items.find((i) => i.name.includes('cust_AIFluencyExeption'))?.detail ?? '';
    expect(detail).toMatch(
      /^FF_SETUP_MISSING: connectors\[0\]\.exceptionObject: the tenant has no MDF object cust_AIFluencyExeption/,
    );
    expect(detail).toContain('(did you mean "cust_AIFluencyException"?)');
  });

  it('reads every employee once across paged, repeating pages, as of the date', async () => {
    sandbox = await startWith({ maxPageSize: 40, duplicateRowsAcrossPages: true });
    const org = makeOrg();
    const records = await readAll(sessionFor(sandbox));
    const ids = records.map((r) => r.employee.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(org.employees.map((e) => e.id).sort());
    for (const e of org.employees) {
      const got = records.find((r) => r.employee.id === e.id)?.employee;
      const past = e.jobHistory
        .filter((h) => h.effectiveDate <= AS_OF)
        .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1));
      expect(got?.status).toBe(e.status);
      if (e.status !== 'terminated') {
        expect(got?.grade).toBe(past[past.length - 1]?.grade);
        expect(got?.jobHistory.map((h) => h.effectiveDate)).toEqual(past.map((h) => h.effectiveDate));
      }
      expect(got?.jobFamily).toBe(e.jobFamily);
    }
    const seeded = org.employees.filter((e) => e.seededGoals.some((g) => g.title === TITLE));
    expect(seeded.length).toBeGreaterThan(0);
    for (const e of seeded)
      expect(records.find((r) => r.employee.id === e.id)?.current.goals.map((g) => g.title)).toContain(TITLE);
    // Someone else's goals are never candidates.
    expect(records.flatMap((r) => r.current.goals).every((g) => g.title === TITLE)).toBe(true);
  });

  it('applies creates and updates, reads them back, and a second plan has nothing to write', async () => {
    sandbox = await startWith();
    const s = sessionFor(sandbox);
    const first = changesFor(await readAll(s), { percent: 30, limit: 60 });
    expect(first.some((c) => c.kind === 'goal' && c.action === 'create')).toBe(true);
    expect(first.some((c) => c.kind === 'goal' && c.action === 'update')).toBe(true);
    expect(first.some((c) => c.kind === 'exception-note')).toBe(true);
    const out = await s.apply(first, readOptions);
    expect(out.map((o) => o.key)).toEqual(first.map((c) => c.key));
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);

    const snap = sandbox.snapshot();
    const someone = first.find((c) => c.kind === 'eligibility')?.employeeId ?? '';
    expect(snap.eligibility[someone]).toEqual({ value: 'not-eligible', reason: 'progress 30' });
    const theirGoals = (snap.goals[someone] ?? []).filter((g) => g.title === TITLE);
    expect(theirGoals).toHaveLength(1);
    expect(theirGoals[0]).toMatchObject({ percentComplete: 30, closed: false, dueDate: '2027-12-31' });

    sandbox.resetStats();
    expect(changesFor(await readAll(s), { percent: 30, limit: 60 })).toEqual([]);
    expect(sandbox.stats().writes).toBe(0);

    // Progress moves: goal and flag become updates, applied in place.
    const second = changesFor(await readAll(s), { percent: 60, limit: 60 });
    expect(second.every((c) => c.action === 'update')).toBe(true);
    expect((await s.apply(second, readOptions)).every((o) => o.outcome === 'applied')).toBe(true);
    expect(sandbox.snapshot().eligibility[someone]).toEqual({ value: 'eligible', reason: 'progress 60' });
  });

  it('re-applying the same goal creates finds the goals and makes no duplicates', async () => {
    sandbox = await startWith();
    const s = sessionFor(sandbox);
    const creates = changesFor(await readAll(s), { percent: 10, limit: 20 }).filter(
      (c) => c.kind === 'goal' && c.action === 'create',
    );
    await s.apply(creates, readOptions);
    const count = () =>
      Object.values(sandbox?.snapshot().goals ?? {})
        .flat()
        .filter((g) => g.title === TITLE).length;
    const after = count();
    sandbox.resetStats();
    const again = await s.apply(creates, readOptions);
    expect(again.every((o) => o.outcome === 'applied')).toBe(true);
    expect(count()).toBe(after);
    expect(sandbox.stats().byRoute['POST Goal_3']).toBeUndefined();
  });

  it('loses nothing under 429 + Retry-After', async () => {
    sandbox = await startWith({ rateLimitEvery: 3, retryAfterSeconds: 0 });
    const waits: number[] = [];
    const s = sessionFor(sandbox, { settings: testSettings(waits) });
    const records = await readAll(s);
    expect(records).toHaveLength(150);
    const changes = changesFor(records, { percent: 40, limit: 30 });
    const out = await s.apply(changes, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    expect(waits.length).toBeGreaterThan(3);
    sandbox.setQuirks({ rateLimitEvery: 0 });
    expect(changesFor(await readAll(s), { percent: 40, limit: 30 })).toEqual([]);
  });

  it('reads a goal create back after a 5xx before it is sent again, and sends it at most twice', async () => {
    sandbox = await startWith();
    const s = sessionFor(sandbox);
    const create = changesFor(await readAll(s), { percent: 10, limit: 20 }).find(
      (c) => c.kind === 'goal' && c.action === 'create',
    );
    expect(create).toBeDefined();
    sandbox.setQuirks({ failWritesEvery: 1 });
    sandbox.resetStats();
    const before = sandbox.logs().length;
    const [outcome] = await s.apply(create ? [create] : [], readOptions);
    expect(outcome?.outcome).toBe('failed');
    expect(outcome?.error?.code).toBe('FF_PROVIDER_ERROR');
    expect(sandbox.stats().byRoute['POST upsert']).toBe(2);
    const calls = sandbox
      .logs()
      .slice(before)
      .filter((l) => /POST .*upsert|GET .*Goal_3/.test(l));
    // look-up, send, read-back, resend, read-back: never two sends in a row.
    expect(calls.map((l) => (l.includes('upsert') ? 'send' : 'read'))).toEqual([
      'read',
      'send',
      'read',
      'send',
      'read',
    ]);
  });

  it('names the records an upsert failed and applies the rest', async () => {
    sandbox = await startWith();
    const s = sessionFor(sandbox);
    const flags = changesFor(await readAll(s), { percent: 10, limit: 10 }).filter((c) => c.kind === 'eligibility');
    const bad = [flags[1]?.employeeId ?? '', flags[4]?.employeeId ?? ''];
    sandbox.setQuirks({ failRecordUserIds: bad });
    const out = await s.apply(flags, readOptions);
    expect(out.filter((o) => o.outcome === 'failed').map((o) => o.key)).toEqual(bad.map((id) => `f-${id}`));
    expect(out.filter((o) => o.outcome === 'applied')).toHaveLength(flags.length - 2);
    const failed = out.find((o) => o.outcome === 'failed');
    expect(failed?.error?.code).toBe('FF_REJECTED');
    expect(failed?.error?.message).toMatch(/failRecordUserIds/);
    const snap = sandbox.snapshot();
    expect(bad.every((id) => snap.eligibility[id] === undefined)).toBe(true);
    expect(Object.keys(snap.eligibility)).toHaveLength(flags.length - 2);
  });

  it('renews a revoked or expired token and keeps going', async () => {
    sandbox = await startWith({}, 20);
    const s = sessionFor(sandbox);
    await readAll(s);
    sandbox.setQuirks({ revokeTokens: true });
    expect(await readAll(s)).toHaveLength(20);
    expect(sandbox.stats().byRoute['POST oauth/token']).toBe(2);
    // Short-lived tokens are renewed before they expire, without a 401 first.
    sandbox.setQuirks({ tokenTtlSeconds: 1, revokeTokens: true });
    await s.discover();
    await new Promise((r) => setTimeout(r, 1100));
    sandbox.resetStats();
    const before = sandbox.logs().length;
    await s.discover();
    expect(sandbox.stats().byRoute['POST oauth/token']).toBe(1);
    expect(
      sandbox
        .logs()
        .slice(before)
        .filter((l) => l.endsWith(' 401')),
    ).toEqual([]);
  });

  it('reads by delta the users with slices taking effect in the as-of window, each once', async () => {
    sandbox = await startWith({}, 30);
    const s = sessionFor(sandbox);
    const delta = await s.readDelta?.(
      { ...readOptions, changedSince: '2099-01-01T00:00:00Z' },
      { previousAsOf: '2026-03-01', include: [], cached: new Map() },
    );
    const ids = delta?.records.map((r) => r.employee.id) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never lets a secret reach an error or the sandbox logs', async () => {
    sandbox = await startWith({}, 10);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const logger = memoryLogger();
    const env = { ...sandbox.env, [SANDBOX_ENV.key]: other };
    const bad = sessionFor(sandbox, { env, logger });
    const items = await bad.check();
    expect(items).toHaveLength(1);
    expect(items[0]?.detail).toMatch(/FF_AUTH_FAILED/);
    const thrown = await readAll(bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).not.toBeNull();
    const good = sessionFor(sandbox, { logger });
    await readAll(good);
    const printed = [
      JSON.stringify(thrown),
      JSON.stringify(items),
      String(thrown),
      JSON.stringify(logger.lines),
      sandbox.logs().join('\n'),
    ].join('\n');
    for (const secret of [
      sandbox.env[SANDBOX_ENV.clientId] ?? 'x',
      other.split('\n')[1] ?? 'x',
      sandbox.env[SANDBOX_ENV.key]?.split('\n')[1] ?? 'x',
    ]) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).not.toMatch(/Bearer [A-Za-z0-9_-]{8,}/);
    expect(printed).not.toMatch(/PHNhbWwy/); // base64 of "<saml2"
  });
});
