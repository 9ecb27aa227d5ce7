import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { revertKey } from '../../../src/core/revert.js';
import { StateStore } from '../../../src/state/state-store.js';
import { levelSnapshot } from './helpers.js';

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

  it('marks a run left running by a killed process as interrupted when the next starts, never a live one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ff-state-')), 'state.db');
    const host = 'h1';
    const alive = new Set([111, 222, 333]);
    const as = (pid: number) =>
      new StateStore(path, () => '2027-01-01T00:00:00Z', [], {
        pid,
        host,
        isAlive: (p) => alive.has(p),
        clock: () => 0,
      });
    const first = as(111);
    first.startRun({ id: 'a', command: 'apply', actor: 'x', asOf: '2027-01-01' });
    const second = as(222);
    second.startRun({ id: 'b', command: 'plan', actor: 'x', asOf: '2027-01-01' });
    expect(second.lastRuns().find((r) => r.id === 'a')?.status).toBe('running');
    alive.delete(111); // the first process is killed
    const third = as(333);
    third.startRun({ id: 'c', command: 'apply', actor: 'x', asOf: '2027-01-01' });
    const runs = third.lastRuns();
    expect(runs.find((r) => r.id === 'a')?.status).toBe('interrupted');
    expect(runs.find((r) => r.id === 'b')?.status).toBe('running');
    third.finishRun('c', 'done', { applied: 3 });
    expect(third.lastRuns().find((r) => r.id === 'c')).toMatchObject({ status: 'done', summary: { applied: 3 } });
    for (const s of [first, second, third]) s.close();
  });

  it('stores one snapshot per quarter and employee, replacing on re-run', () => {
    const s = new StateStore(':memory:');
    const snap = levelSnapshot;
    s.upsertSnapshots([snap]);
    s.upsertSnapshots([{ ...snap, levelHeld: 'foundational', status: 'meets', hasGoal: true }]);
    expect(s.snapshots()).toEqual([{ ...snap, levelHeld: 'foundational', status: 'meets', hasGoal: true }]);
    s.close();
  });

  it('knows what fluencyflow last wrote per change key: the last applied outcome and the intents after it', () => {
    const s = new StateStore(':memory:', () => '2027-01-01T00:00:00Z');
    s.appendAudit(record({ after: { v: 1 } }));
    s.appendAudit(record({ after: { v: 2 }, outcome: 'failed' }));
    s.appendAudit(record({ after: { v: 3 } }));
    s.appendAudit(record({ before: { v: 3 }, after: { v: 4 }, outcome: 'pending', phase: 'intent' }));
    const answered = s.appendAudit(record({ after: { v: 5 }, outcome: 'pending', phase: 'intent' }));
    s.appendAudit(record({ after: { v: 5 }, outcome: 'failed', phase: 'outcome', intentSeq: answered }));
    s.appendAudit(record({ changeKey: 'k2', connector: 'd', after: { v: 9 }, outcome: 'pending', phase: 'intent' }));
    const w = s.writtenValues();
    // The open intent may or may not have landed; the one whose failure was recorded did not.
    expect(w.byKey.get('k1')).toEqual({ last: { after: { v: 3 } }, open: [{ before: { v: 3 }, after: { v: 4 } }] });
    expect(w.byKey.get('k2')).toEqual({ last: null, open: [{ before: null, after: { v: 9 } }] });
    expect(w.byKey.get('k3')).toBeUndefined();
    // Any audited write, even one never answered, says the store has worked with the connection.
    expect([...w.connectors].sort()).toEqual(['c', 'd']);
  });

  it("counts a revert run's writes for the key it undid: a reverted value is fluencyflow's, not a person's", () => {
    const s = new StateStore(':memory:', () => '2027-01-01T00:00:00Z');
    s.appendAudit(record({ runId: 'run-a', changeKey: 'flag-1', kind: 'eligibility', after: { value: 'eligible' } }));
    s.appendAudit(record({ runId: 'run-a', changeKey: 'flag-2', kind: 'eligibility', after: { value: 'eligible' } }));
    const undo = revertKey('run-a', 'flag-1');
    s.appendAudit(
      record({ runId: 'run-b', changeKey: undo, kind: 'eligibility', before: { value: 'eligible' }, after: null }),
    );
    const w = s.writtenValues();
    expect(w.byKey.get('flag-1')).toEqual({ last: { after: null }, open: [] });
    expect(w.byKey.get('flag-2')).toEqual({ last: { after: { value: 'eligible' } }, open: [] });
    expect(w.byKey.has(undo)).toBe(false);
    // A revert's write under a key it did not undo (another run's) leaves that key alone.
    s.appendAudit(record({ runId: 'run-c', changeKey: revertKey('run-x', 'flag-2'), after: null }));
    expect(s.writtenValues().byKey.get('flag-2')).toEqual({ last: { after: { value: 'eligible' } }, open: [] });
  });
});
