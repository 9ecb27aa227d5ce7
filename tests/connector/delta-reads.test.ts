/**
 * Reads by delta (DESIGN §9, reads), through the engine against each connector's sandbox: a re-run reads only what
 * changed, and the merged plan is the plan a full read makes; effective-dated changes, a lost cache and every
 * invalidation rule. A connector without delta support keeps reading everyone.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { copyWithoutReadCache, planOf, planReading } from '../helpers/delta-plan.js';
import { engineFor } from '../helpers/engine.js';

const AS_OF = '2027-06-30';
const plus = (days: number): string => DateTime.fromISO(AS_OF, { zone: 'UTC' }).plus({ days }).toISODate() ?? AS_OF;

/** A small seeded generator, so a failing case repeats. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

describe.each(Object.keys(connectors))('reads by delta: %s', (type) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  const org = generateSyntheticOrg({
    asOf: AS_OF,
    employees: 80,
    seed: 5,
    standardGoalTitle: 'AI fluency development goal FY2027',
    cycleEnd: '2027-12-31',
  });
  let sandbox: RunningSandbox;
  let dir: string;
  let state: string;
  let delta = false;

  beforeAll(async () => {
    sandbox = await def.sandbox.start({ org, port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'ff-delta-'));
    state = join(dir, 'state.db');
    const probe = engineFor(sandbox, org, { state: join(dir, 'probe.db') });
    delta = probe.sessions().every((s) => s.readDelta !== undefined && s.readWatermark !== undefined);
    await probe.close();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  /** A plan on the shared state store; returns it with the log's read lines and the requests it took. */
  const planWith = (o: { asOf?: string; state?: string; connector?: Record<string, unknown> } = {}) =>
    planReading(sandbox, org, { ...o, state: o.state ?? state });
  /** A full read on a copy of the state store without its read cache: the reference. */
  const fresh = (asOf?: string) => planWith({ state: copyWithoutReadCache(state), ...(asOf ? { asOf } : {}) });

  it('an unchanged re-run reads by delta, plans what a full read plans, and costs less', async () => {
    const engine = engineFor(sandbox, org, { state });
    try {
      await engine.apply();
    } finally {
      await engine.close();
    }
    // The HRIS's clock has whole seconds: a watermark is its Date header (a whole second) less the time the answer
    // took, and a filter literal drops the fraction, so a delta reads again whatever changed in the second before
    // the one its read began in (harmless, and never less). Two seconds after the writes, the next run's watermark
    // lies past them. A lower bound, not a timeout: a slower machine only widens the gap.
    await new Promise((r) => setTimeout(r, 2100));
    // The apply's own writes are changes since its read: the next run reads those people again.
    const catchUp = await planWith();
    const full = await fresh();
    expect(planOf(catchUp.ev)).toEqual(planOf(full.ev));
    expect(full.ev.plan.changes).toEqual([]);
    const again = await planWith();
    expect(planOf(again.ev)).toEqual(planOf(full.ev));
    if (!delta) {
      expect(again.reads).toEqual([]);
      return;
    }
    expect(catchUp.reads).toEqual([expect.stringMatching(/read by delta/)]);
    expect(again.reads).toEqual([expect.stringMatching(/read by delta \(0 changed, 0 removed/)]);
    expect(again.requests).toBeLessThan(full.requests);
  });

  it('after random changes (grades, hand-set flags) the merged plan equals a full read', async () => {
    const next = random(type.length * 7919);
    const active = org.employees.filter((e) => e.status === 'active' && e.grade !== null);
    const pick = () => active[Math.floor(next() * active.length)];
    const touched = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const e = pick();
      if (!e || !sandbox.setGradeByHand) continue;
      const grade = org.grades.find((g) => g !== e.grade) ?? e.grade ?? '';
      sandbox.setGradeByHand(e.id, grade, plus(-next() * 20 - 1));
      touched.add(e.id);
    }
    for (let i = 0; i < 3; i++) {
      const e = pick();
      if (!e) continue;
      sandbox.setFlagByHand(e.id, {
        value: next() < 0.5 ? 'eligible' : 'not-eligible',
        reason: 'committee decision',
        by: 'hrbp.jones',
      });
      touched.add(e.id);
    }
    // Whole-second clocks again: an HRIS whose changed-since read needs an upper bound no later than its own time
    // (Workday's Updated_Through) leaves a change made in the second before the read to the next read.
    await new Promise((r) => setTimeout(r, 2100));
    const merged = await planWith();
    const full = await fresh();
    expect(planOf(merged.ev)).toEqual(planOf(full.ev));
    expect(full.ev.plan.manualChanges?.length ?? 0).toBeGreaterThan(0);
    if (!delta) return;
    const [line] = merged.reads;
    const changed = Number(/(\d+) changed/.exec(line ?? '')?.[1] ?? -1);
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(touched.size);
  });

  it('reads a job change entered earlier that takes effect inside the as-of window', async () => {
    const e = org.employees.find((x) => x.status === 'active' && x.grade !== null && x.grade !== org.grades[0]);
    if (!e || !sandbox.setGradeByHand) return;
    const grade = org.grades[0] ?? '';
    sandbox.setGradeByHand(e.id, grade, plus(10));
    // Read as of today: the change is entered (so the watermark moves past it) but not yet effective.
    const before = await planWith();
    expect(before.ev.records.find((r) => r.employee.id === e.id)?.employee.grade).toBe(e.grade);
    // Later, as of a date after it: no new modification time, only its effective date says it is current.
    const after = await planWith({ asOf: plus(15) });
    const full = await fresh(plus(15));
    expect(full.ev.records.find((r) => r.employee.id === e.id)?.employee.grade).toBe(grade);
    expect(planOf(after.ev)).toEqual(planOf(full.ev));
    if (delta) expect(after.reads).toEqual([expect.stringMatching(/read by delta \([1-9]\d* changed/)]);
  });

  it('reads everyone when the cache is lost, the config changed, a full read is due, or the as-of date went back', async () => {
    if (!delta) return;
    await planWith({ asOf: plus(15) });
    const db = new Database(state);
    db.prepare('DELETE FROM read_cache').run();
    db.close();
    const lost = await planWith({ asOf: plus(15) });
    expect(lost.reads).toEqual([expect.stringMatching(/read everyone \(no cached read\)/)]);
    expect(planOf(lost.ev)).toEqual(planOf((await fresh(plus(15))).ev));

    const config = await planWith({ asOf: plus(15), connector: { concurrency: 3 } });
    expect(config.reads).toEqual([expect.stringMatching(/read everyone \(the connector config or the goal changed\)/)]);

    // The last full read eight days ago (the default reads.fullEvery is 7): the clock the engine compares with.
    const aged = new Database(state);
    aged.prepare('UPDATE read_cache SET full_at = ?').run(DateTime.now().minus({ days: 8 }).toUTC().toISO());
    aged.close();
    const due = await planWith({ asOf: plus(15), connector: { concurrency: 3 } });
    expect(due.reads).toEqual([expect.stringMatching(/read everyone \(the last full read is older than 7 days\)/)]);

    const back = await planWith({ asOf: AS_OF, connector: { concurrency: 3 } });
    expect(back.reads).toEqual([expect.stringMatching(/read everyone \(as of 2027-06-30, before the cached/)]);
    const on = await planWith({ asOf: AS_OF, connector: { concurrency: 3 } });
    expect(on.reads).toEqual([expect.stringMatching(/read by delta/)]);
  });
});
