/**
 * Workday's bulk paths: flags written `bulk=true` 100 at a time with an outcome per item, flags read in pages
 * through WQL (and per worker, with one warning, when the data source is missing), exception notes read only for
 * workers whose grade changed in the history read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import type { Change } from '../../../schemas/index.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { WQL_SOURCE } from '../../../connectors/workday/sandbox/wql.js';
import { readOptions, sandboxConfig, smallOrg, testContext } from './helpers.js';
import { planFor } from './plan-helper.js';

let sb: WorkdaySandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const org = smallOrg(250, 5);
const start = async () => {
  sb = await startWorkdaySandbox({ org, port: 0 });
  return sb;
};
const sessionOf = async (s: WorkdaySandbox, extra: Record<string, unknown> = {}) =>
  workdayConnector.create(sandboxConfig(s.connectorConfig('us'), s.env, extra), await testContext());

const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(readOptions)) out.push(...page);
  return out;
};
const flagsOf = (changes: Change[]) => changes.filter((c) => c.kind === 'eligibility');
const byRoute = (s: WorkdaySandbox, route: string) => s.stats().byRoute[route] ?? 0;

describe('Workday bulk writes of the eligibility flag', () => {
  it('writes every flag in bulk calls of at most 100 and reads them back the same', async () => {
    const s = await start();
    const session = await sessionOf(s);
    const flags = flagsOf(planFor(await readAll(session)));
    expect(flags.length).toBeGreaterThan(100);
    s.resetStats();
    const out = await session.apply(flags, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    expect(byRoute(s, 'POST customObject bulk')).toBe(Math.ceil(flags.length / 100));
    expect(byRoute(s, 'POST Staffing Edit_Worker_Additional_Data')).toBe(0);
    const snap = s.snapshot();
    for (const f of flags) if (f.kind === 'eligibility') expect(snap.eligibility[f.employeeId]).toEqual(f.after);
    expect(flagsOf(planFor(await readAll(session)))).toEqual([]);
  });

  it('records the items Workday refused as failed, with their path, and writes the others', async () => {
    const s = await start();
    const session = await sessionOf(s);
    const flags = flagsOf(planFor(await readAll(session))).slice(0, 40);
    const refused = [flags[2]?.employeeId ?? '', flags[17]?.employeeId ?? ''];
    s.setQuirks({ refuseInstancesOf: refused });
    s.resetStats();
    const out = await session.apply(flags, readOptions);
    const failed = out.filter((o) => o.outcome === 'failed');
    expect(failed.map((o) => o.key).sort()).toEqual(refused.map((id) => `e-${id}`).sort());
    expect(failed.map((o) => o.error?.where)).toEqual(['[2].worker', '[17].worker']);
    expect(failed.every((o) => o.error?.code === 'FF_REJECTED')).toBe(true);
    expect(out.filter((o) => o.outcome === 'applied')).toHaveLength(flags.length - 2);
    // One refused call, then one call with the rest.
    expect(byRoute(s, 'POST customObject bulk')).toBe(2);
    const snap = s.snapshot();
    expect(refused.map((id) => snap.eligibility[id])).toEqual([undefined, undefined]);
    expect(flags.filter((f) => !refused.includes(f.employeeId)).every((f) => snap.eligibility[f.employeeId])).toBe(
      true,
    );
  });

  it('fails the whole batch on a server error without writing anything twice', async () => {
    const s = await start();
    const session = await sessionOf(s);
    const flags = flagsOf(planFor(await readAll(session))).slice(0, 30);
    s.setQuirks({ failWritesEvery: 1 });
    const out = await session.apply(flags, readOptions);
    expect(out.every((o) => o.outcome === 'failed' && o.error?.code === 'FF_PROVIDER_ERROR')).toBe(true);
    expect(Object.keys(s.snapshot().eligibility)).toHaveLength(0);
  });
});

describe('Workday flags read through WQL', () => {
  it('reads the flags in WQL pages of 100 instead of one REST call per worker', async () => {
    const s = await start();
    const session = await sessionOf(s);
    const flags = flagsOf(planFor(await readAll(session)));
    await session.apply(flags, readOptions);
    s.resetStats();
    const records = await readAll(session);
    const written = Object.keys(s.snapshot().eligibility).length;
    expect(written).toBe(flags.length);
    expect(byRoute(s, 'GET wql data')).toBe(Math.ceil(written / 100) + (written % 100 === 0 ? 1 : 0));
    expect(byRoute(s, 'GET customObject single')).toBe(0);
    expect(records.filter((r) => r.current.eligibility !== null)).toHaveLength(written);
    expect(session.warnings().filter((w) => w.includes('wql'))).toEqual([]);
  });

  it('falls back to per-worker reads, with one warning naming the missing data source, and reads the same', async () => {
    const s = await start();
    const session = await sessionOf(s);
    await session.apply(flagsOf(planFor(await readAll(session))), readOptions);
    const viaWql = await readAll(session);
    s.setQuirks({ wqlSourceMissing: true });
    s.resetStats();
    const fallback = await sessionOf(s);
    const perWorker = await readAll(fallback);
    expect(perWorker.map((r) => r.current.eligibility)).toEqual(viaWql.map((r) => r.current.eligibility));
    const active = perWorker.filter((r) => r.employee.status === 'active').length;
    expect(byRoute(s, 'GET customObject single')).toBe(active);
    expect(byRoute(s, 'GET wql data')).toBe(1);
    const warnings = fallback.warnings().filter((w) => w.includes('wql'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^connectors\[0\]\.wql\.dataSource: the WQL data source fluencyEligibilityInstances/);
    expect(warnings[0]).toContain('Bulk reads');
    const item = (await fallback.check()).find((i) => i.name.startsWith('bulk reads'));
    expect(item?.ok).toBe(false);
    expect(item?.detail).toContain('has no WQL data source fluencyEligibilityInstances');
  });

  it('without the wql block, reads per worker and says so once', async () => {
    const s = await start();
    const block = { ...s.connectorConfig('us') };
    delete block.wql;
    const session = workdayConnector.create(sandboxConfig(block, s.env), await testContext());
    await readAll(session);
    await readAll(session);
    expect(byRoute(s, 'GET wql data')).toBe(0);
    expect(session.warnings().filter((w) => w.startsWith('connectors[0].wql is not set'))).toHaveLength(1);
    expect((await session.check()).find((i) => i.name.startsWith('bulk reads'))?.detail).toMatch(/^not set/);
  });
});

describe('Workday exception notes', () => {
  it('are read only for workers whose grade changed in the history read, and those notes are seen', async () => {
    const s = await start();
    // Per worker (no WQL data source for the notes): tests/connector/workday/notes-read.test.ts has the WQL path.
    const session = await sessionOf(s, { wql: { dataSource: WQL_SOURCE } });
    const first = await readAll(session);
    const notes = planFor(first).filter((c) => c.kind === 'exception-note');
    expect(notes.length).toBeGreaterThan(0);
    await session.apply(notes, readOptions);
    s.resetStats();
    const records = await readAll(session);
    const changed = records.filter((r) => {
      const h = r.employee.jobHistory;
      const changedAt = (x: (typeof h)[number], i: number) =>
        i > 0 && x.grade !== null && h[i - 1]?.grade != null && x.grade !== h[i - 1]?.grade;
      return r.employee.status === 'active' && h.some(changedAt);
    });
    const active = records.filter((r) => r.employee.status === 'active').length;
    expect(changed.length).toBeLessThan(active);
    expect(byRoute(s, 'GET customObject multi')).toBe(changed.length);
    for (const n of notes) {
      const r = records.find((x) => x.employee.id === n.employeeId);
      expect(r?.current.exceptionNotes.length).toBeGreaterThan(0);
    }
    expect(planFor(records).filter((c) => c.kind === 'exception-note')).toEqual([]);
  });
});
