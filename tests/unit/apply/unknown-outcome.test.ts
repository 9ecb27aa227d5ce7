import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change, Plan } from '../../../schemas/index.js';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import type { ChangeOutcome, ConnectorSession } from '../../../src/connector.js';
import { HrisUnavailableError, NetworkError, RejectedError, type FluencyError } from '../../../src/errors.js';
import { StateStore } from '../../../src/state/state-store.js';
import { flagChange, planOf } from './helpers.js';

const change = (id: string): Change => flagChange(id, 'eligible', 'update', 'by policy');

const createsPlan = (changes: Change[]): Plan =>
  planOf(changes, {
    employees: changes.length,
    judged: changes.length,
    create: changes.length,
    update: 0,
    noop: 0,
    byKind: {},
    issues: {},
  });

/** A one-change-per-batch session whose outcome per employee id is given; counts the batches it was sent. */
const sessionOf = (errors: Record<string, FluencyError | undefined>) => {
  const sent: string[] = [];
  const session: Pick<ConnectorSession, 'id' | 'maxBatchSize' | 'apply'> = {
    id: 'us',
    maxBatchSize: 1,
    apply: async (batch): Promise<ChangeOutcome[]> =>
      batch.map((c) => {
        sent.push(c.employeeId);
        const error = errors[c.employeeId];
        return error ? { key: c.key, outcome: 'failed', error } : { key: c.key, outcome: 'applied' };
      }),
  };
  return { session, sent };
};

const run = async (errors: Record<string, FluencyError | undefined>, stopAfter?: string) => {
  const store = new StateStore(join(mkdtempSync(join(tmpdir(), 'ff-unknown-')), 'state.db'));
  const { session, sent } = sessionOf(errors);
  const changes = ['1', '2', '3', '4', '5'].map(change);
  const stop = new HrisUnavailableError('us: 3 consecutive timeouts', { connector: 'us' });
  const result = await applyPlan({
    plan: createsPlan(changes),
    sessions: [
      {
        ...session,
        type: 'x',
        check: async () => [],
        discover: async () => Promise.reject(new Error('unused')),
        resolveValues: async () => [],
        readEmployees: async function* () {},
        goalRemoval: 'delete',
        revert: async () => Promise.reject(new Error('unused')),
        warnings: () => [],
        close: async () => {},
      },
    ],
    store,
    runId: 'r1',
    actor: 'test',
    readOptions: {
      asOf: '2027-06-30',
      cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
      goal: {
        cycleId: 'FY2027',
        title: 'AI fluency',
        markerPrefix: '[fluencyflow:FY2027:',
        referenceIdPrefix: 'fluencyflow-FY2027-',
      },
    },
    now: () => '2027-06-30T00:00:00Z',
    concurrency: 1,
    stopReason: () => (stopAfter !== undefined && sent.includes(stopAfter) ? stop : null),
  });
  const counted = store.countAuditOutcomes('r1');
  store.close();
  return { result, sent, counted };
};

describe('applyPlan with an HRIS that stops answering', () => {
  it('records a timeout or reset after sending as unknown, a refused connection or a rejection as failed', async () => {
    const { result, counted } = await run({
      '1': new NetworkError('timeout', { cause: { code: 'ETIMEDOUT' } }),
      '2': new NetworkError('reset', { cause: { code: 'ECONNRESET' } }),
      '3': new NetworkError('refused', { cause: { code: 'ECONNREFUSED' } }),
      '4': new RejectedError('bad value'),
    });
    expect(result.failures.map((f) => [f.employeeId, f.status])).toEqual([
      ['1', 'unknown'],
      ['2', 'unknown'],
      ['3', 'failed'],
      ['4', 'failed'],
    ]);
    expect([result.applied, result.failed, result.unknown, result.notAttempted]).toEqual([1, 2, 2, 0]);
    expect(counted).toMatchObject({ pending: 5, applied: 1, failed: 2, unknown: 2 });
  });

  it('sends nothing after the stop reason appears: the rest is not attempted and has no intent', async () => {
    const { result, sent, counted } = await run({}, '2');
    expect(sent).toEqual(['1', '2']);
    expect(result.failures.map((f) => [f.employeeId, f.status, f.code])).toEqual([
      ['3', 'not_attempted', 'FF_HRIS_UNAVAILABLE'],
      ['4', 'not_attempted', 'FF_HRIS_UNAVAILABLE'],
      ['5', 'not_attempted', 'FF_HRIS_UNAVAILABLE'],
    ]);
    expect(result.stopped.map((e) => e.code)).toEqual(['FF_HRIS_UNAVAILABLE']);
    expect(counted).toEqual({ pending: 2, applied: 2 });
  });

  it('a change the guard refused inside a batch is skipped (never sent), not failed', async () => {
    const { result, counted } = await run({ '2': new HrisUnavailableError('open', { connector: 'us' }) });
    expect(result.failures.map((f) => [f.employeeId, f.status])).toEqual([['2', 'not_attempted']]);
    expect(counted).toMatchObject({ skipped: 1, applied: 4 });
  });
});
