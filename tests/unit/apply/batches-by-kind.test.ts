import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../schemas/index.js';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import type { ChangeOutcome, ConnectorSession } from '../../../src/connector.js';
import { StateStore } from '../../../src/state/state-store.js';
import { flagChange, planOf } from './helpers.js';

const note = (id: string): Change => ({
  key: `n-${id}`,
  connector: 'us',
  employeeId: id,
  kind: 'exception-note',
  action: 'create',
  reason: 'promotion without proof',
  before: null,
  after: { promotionDate: '2027-03-01', fromGrade: 'G4', toGrade: 'G5', note: 'justification required' },
});

const session = (batches: Change['kind'][][]): ConnectorSession => ({
  id: 'us',
  type: 'x',
  maxBatchSize: 3,
  apply: async (batch): Promise<ChangeOutcome[]> => {
    batches.push(batch.map((c) => c.kind));
    return batch.map((c) => ({ key: c.key, outcome: 'applied' }));
  },
  check: async () => [],
  discover: async () => Promise.reject(new Error('unused')),
  resolveValues: async () => [],
  readEmployees: async function* () {},
  goalRemoval: 'delete',
  revert: async () => Promise.reject(new Error('unused')),
  warnings: () => [],
  close: async () => {},
});

describe('applyPlan batches', () => {
  it('hands the connector full batches with each kind in as few of them as the batch size allows', async () => {
    // Flags and notes interleaved, as a plan sorted by key has them: 7 flags and 4 notes.
    const changes = Array.from({ length: 11 }, (_, i) =>
      i % 3 === 1 ? note(String(i)) : flagChange(String(i), 'eligible', 'create', 'by policy'),
    );
    const batches: Change['kind'][][] = [];
    const store = new StateStore(join(mkdtempSync(join(tmpdir(), 'ff-batches-')), 'state.db'));
    try {
      const result = await applyPlan({
        plan: planOf(changes, {
          employees: 11,
          judged: 11,
          create: 11,
          update: 0,
          noop: 0,
          byKind: {},
          issues: {},
        }),
        sessions: [session(batches)],
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
      });
      expect(result.applied).toBe(11);
    } finally {
      store.close();
    }
    // ⌈11/3⌉ = 4 full calls, the kinds one after the other: the 4 notes span 2 batches, where a plan's mix spread
    // them over 4.
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 2]);
    const spans = (kind: Change['kind']) => batches.filter((b) => b.includes(kind)).length;
    expect(spans('exception-note')).toBe(2);
    expect(spans('eligibility')).toBe(3);
    expect(batches.flat().filter((k) => k === 'exception-note')).toHaveLength(4);
  });
});
