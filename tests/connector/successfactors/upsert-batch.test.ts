/**
 * Goals, flags and notes written in `upsert` batches: one call for many records, an outcome per record, and a goal
 * create whose outcome is unknown read back by user and title before anything is sent again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SuccessFactorsSandbox } from '../../../connectors/successfactors/sandbox/index.js';
import type { Change } from '../../../schemas/index.js';
import { TITLE, changesFor, readAll, readOptions, sessionFor, startWith } from './harness.js';

let sandbox: SuccessFactorsSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const goalsTitled = (sb: SuccessFactorsSandbox) =>
  Object.entries(sb.snapshot().goals).flatMap(([user, goals]) =>
    goals.filter((g) => g.title === TITLE).map((g) => ({ user, id: g.id })),
  );

const setUp = async (limit: number) => {
  const sb = await startWith();
  sandbox = sb;
  const s = sessionFor(sb);
  const changes = changesFor(await readAll(s), { percent: 10, limit });
  const creates = changes.filter(
    (c): c is Extract<Change, { kind: 'goal' }> => c.kind === 'goal' && c.action === 'create',
  );
  sb.resetStats();
  return { sb, s, changes, creates };
};

describe('SuccessFactors upsert batches', () => {
  it('creates goals and writes flags in one upsert call, reporting each new goal id', async () => {
    const { sb, s, changes, creates } = await setUp(60);
    expect(creates.length).toBeGreaterThan(10);
    const before = goalsTitled(sb).length;
    const out = await s.apply(changes, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    expect(sb.stats().byRoute['POST upsert']).toBe(1);
    expect(sb.stats().byRoute['POST Goal_3']).toBeUndefined();
    const held = goalsTitled(sb);
    expect(held).toHaveLength(before + creates.length);
    for (const c of creates) {
      const id = out.find((o) => o.key === c.key)?.hrisId;
      expect(held.find((g) => g.user === c.employeeId)?.id).toBe(id);
    }
  });

  it('splits into batches of the configured size', async () => {
    const { sb, changes } = await setUp(60);
    const small = sessionFor(sb, { over: { upsertBatchSize: 25 } });
    const out = await small.apply(changes, readOptions);
    expect(out.every((o) => o.outcome === 'applied')).toBe(true);
    expect(sb.stats().byRoute['POST upsert']).toBe(Math.ceil(changes.length / 25));
  });

  it('records the refused goal creates as failed and the others as written', async () => {
    const { sb, s, creates } = await setUp(40);
    const bad = [creates[0]?.employeeId ?? '', creates[3]?.employeeId ?? ''];
    sb.setQuirks({ failRecordUserIds: bad });
    const out = await s.apply(creates, readOptions);
    const failed = out.filter((o) => o.outcome === 'failed');
    expect(failed.map((o) => o.key).sort()).toEqual(bad.map((id) => `g-${id}`).sort());
    expect(failed.every((o) => o.error?.code === 'FF_REJECTED')).toBe(true);
    expect(out.filter((o) => o.outcome === 'applied')).toHaveLength(creates.length - 2);
    const held = new Set(goalsTitled(sb).map((g) => g.user));
    expect(bad.some((id) => held.has(id))).toBe(false);
    expect(sb.stats().byRoute['POST upsert']).toBe(1);
  });

  it('reads the goals back after an answer that never came, and does not send them again', async () => {
    const { sb, s, creates } = await setUp(40);
    const before = goalsTitled(sb).length;
    sb.setQuirks({ faults: [{ kind: 'reset-after', on: 'write', times: 1 }] });
    const out = await s.apply(creates, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    expect(sb.stats().byRoute['POST upsert']).toBe(1);
    const held = goalsTitled(sb);
    expect(held).toHaveLength(before + creates.length);
    for (const c of creates)
      expect(out.find((o) => o.key === c.key)?.hrisId).toBe(held.find((g) => g.user === c.employeeId)?.id);
  });

  it('sends once more only what the read-back did not find', async () => {
    const { sb, s, creates } = await setUp(40);
    const before = goalsTitled(sb).length;
    sb.setQuirks({ faults: [{ kind: 'reset-before', on: 'write', times: 1 }] });
    const out = await s.apply(creates, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    // The reset request never reached the handler: every goal there now came from the one resend.
    expect(sb.stats().byRoute['POST upsert']).toBe(1);
    expect(sb.stats().byRoute['GET Goal_3']).toBeGreaterThanOrEqual(2);
    expect(goalsTitled(sb)).toHaveLength(before + creates.length);
  });
});
