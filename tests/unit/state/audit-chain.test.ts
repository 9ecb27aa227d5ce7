import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileOpenIntents } from '../../../src/apply/reconcile.js';
import { AuditBrokenError } from '../../../src/errors.js';
import { StateStore } from '../../../src/state/state-store.js';
import { auditRecord, eligibilityChange } from './helpers.js';

const dropTriggers = (s: StateStore) => s.db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');

describe('the audit hash chain', () => {
  it('verifies a whole log and names an altered record', () => {
    const s = new StateStore(':memory:');
    s.appendAuditMany(['a', 'b', 'c', 'd'].map((k) => auditRecord(k)));
    expect(s.verifyAudit()).toMatchObject({ records: 4, problem: null, missingTriggers: [] });
    s.assertAuditIntact();
    dropTriggers(s);
    s.db.prepare(`UPDATE audit SET after = '{"value":"not-eligible"}' WHERE seq = 2`).run();
    expect(s.verifyAudit().problem).toEqual({
      seq: 2,
      message: 'record 2 was altered: its content does not match its hash',
    });
    expect(s.verifyAudit().missingTriggers).toEqual(['audit_no_update', 'audit_no_delete']);
    expect(() => s.assertAuditIntact()).toThrow(AuditBrokenError);
    s.close();
  });

  it('names a record re-hashed by a forger: the next record no longer follows it', () => {
    const s = new StateStore(':memory:');
    s.appendAuditMany(['a', 'b', 'c'].map((k) => auditRecord(k)));
    dropTriggers(s);
    // Recompute record 2's own hash after editing it: record 3 still names the old one.
    s.db.prepare(`UPDATE audit SET outcome = 'failed', hash = 'f' || substr(hash, 2) WHERE seq = 2`).run();
    expect(s.verifyAudit().problem?.seq).toBe(2);
    s.close();
  });

  it('names a deleted record and a shortened log, and refuses writes after either', () => {
    const s = new StateStore(':memory:');
    s.appendAuditMany(['a', 'b', 'c', 'd', 'e'].map((k) => auditRecord(k)));
    dropTriggers(s);
    s.db.prepare('DELETE FROM audit WHERE seq = 5').run();
    expect(s.verifyAudit().problem?.message).toBe('records 5 to 5 are missing (the log ends before its last record)');
    expect(() => s.assertAuditIntact()).toThrow(/missing/);
    s.db.prepare('DELETE FROM audit WHERE seq = 2').run();
    expect(s.verifyAudit().problem?.message).toBe('record 2 is missing (the log jumps from 1 to 3)');
    s.close();
  });

  it('refuses a missing table or a trigger replaced by a harmless one', () => {
    const s = new StateStore(':memory:');
    s.db.exec(
      'DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END;',
    );
    expect(() => s.assertAuditIntact()).toThrow(/audit_no_delete missing or altered/);
    s.db.exec('DROP TABLE audit');
    expect(() => s.assertAuditIntact()).toThrow(/audit table is missing/);
    expect(() => s.appendAudit(auditRecord('a'))).toThrow(AuditBrokenError);
    s.close();
  });

  it("reconciles a killed run's open intents once, from what the fresh read plans", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ff-audit-')), 'state.db');
    const alive = new Set([1, 2]);
    const id = (pid: number) => ({ pid, host: 'h', isAlive: (p: number) => alive.has(p), clock: () => 0 });
    const dead = new StateStore(path, () => '2027-01-01T00:00:00Z', [], id(1));
    dead.startRun({ id: 'killed', command: 'apply', actor: 'x', asOf: null });
    const intents = ['held', 'lost', 'gone'].map((k) =>
      auditRecord(k, { runId: 'killed', phase: 'intent', outcome: 'pending' }),
    );
    dead.appendAuditMany(intents);
    const live = new StateStore(path, () => '2027-01-01T00:00:00Z', [], id(2));
    expect(live.openIntents()).toHaveLength(0); // its process still lives
    alive.delete(1);
    live.startRun({ id: 'next', command: 'apply', actor: 'x', asOf: null });
    expect(live.openIntents().map((i) => i.changeKey)).toEqual(['held', 'lost', 'gone']);
    const fresh = [eligibilityChange('held', 'noop', 'x'), eligibilityChange('lost', 'update', 'x')];
    expect(reconcileOpenIntents(live, fresh, { runId: 'next', actor: 'y', at: '2027-01-02T00:00:00Z' })).toBe(3);
    expect(reconcileOpenIntents(live, fresh, { runId: 'next', actor: 'y', at: '2027-01-02T00:00:00Z' })).toBe(0);
    const outcomes = live.auditFor({ runId: 'killed' }).filter((r) => r.phase === 'outcome');
    expect(outcomes.map((r) => [r.change_key, r.outcome, r.intent_seq])).toEqual([
      ['held', 'applied', 1],
      ['lost', 'failed', 2],
      ['gone', 'unknown', 3],
    ]);
    expect(live.verifyAudit()).toMatchObject({ problem: null, openIntents: 0 });
    dead.close();
    live.close();
  });
});
