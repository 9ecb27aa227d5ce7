import { describe, expect, it } from 'vitest';
import { StateStore } from '../../../src/state/state-store.js';

const record = (over: Record<string, unknown> = {}) => ({
  at: '2027-01-01T00:00:00Z',
  runId: 'r1',
  actor: 'admin',
  connector: 'c',
  employeeId: '1',
  changeKey: 'k1',
  kind: 'goal',
  action: 'create',
  before: null,
  after: { title: 't' },
  outcome: 'applied' as const,
  errorCode: null,
  errorMessage: null,
  requestId: 'req-1',
  ...over,
});

describe('state store', () => {
  it('keeps an append-only audit log', () => {
    const s = new StateStore(':memory:', () => '2027-01-01T00:00:00Z');
    s.appendAudit(record());
    expect(s.auditFor({ runId: 'r1' })).toHaveLength(1);
    expect(() => s.db.prepare("UPDATE audit SET outcome = 'failed'").run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    s.close();
  });

  it('marks a run left running by a killed process as interrupted when the next starts', () => {
    const s = new StateStore(':memory:', () => '2027-01-01T00:00:00Z');
    s.startRun({ id: 'a', command: 'apply', actor: 'x', asOf: '2027-01-01' });
    s.checkpoint('a', 'k1', 'applied');
    s.startRun({ id: 'b', command: 'apply', actor: 'x', asOf: '2027-01-01' });
    const runs = s.lastRuns();
    expect(runs.find((r) => r.id === 'a')?.status).toBe('interrupted');
    expect(runs.find((r) => r.id === 'b')?.status).toBe('running');
    expect(s.checkpointsOfInterruptedRuns().get('k1')).toBe('applied');
    s.finishRun('b', 'done', { applied: 3 });
    expect(s.lastRuns().find((r) => r.id === 'b')).toMatchObject({ status: 'done', summary: { applied: 3 } });
    s.close();
  });

  it('stores one snapshot per quarter and employee, replacing on re-run', () => {
    const s = new StateStore(':memory:');
    const snap = { quarter: '2027-Q1', connector: 'c', employeeId: '1', department: 'D', jobFamily: null, grade: 'G1', levelHeld: null, levelExpected: 'foundational', status: 'below' as const, hasGoal: false, synthetic: false };
    s.upsertSnapshots([snap]);
    s.upsertSnapshots([{ ...snap, levelHeld: 'foundational', status: 'meets', hasGoal: true }]);
    expect(s.snapshots()).toEqual([{ ...snap, levelHeld: 'foundational', status: 'meets', hasGoal: true }]);
    s.close();
  });
});
