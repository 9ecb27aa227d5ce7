import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileOpenIntents } from '../../../src/apply/reconcile.js';
import { AuditBrokenError, LockedError, StateError } from '../../../src/errors.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { EvidenceStore } from '../../../src/state/evidence-store.js';
import { coreMigrations } from '../../../src/state/migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import type { StoreTarget } from '../../../src/state/store.js';
import { PG_PASSWORD, startPostgres, type PgServer } from '../../helpers/postgres.js';
import { auditRecord, eligibilityChange, identity, levelSnapshot, NOW, type World } from './helpers.js';

/**
 * The state store's contract, run against SQLite and against a real PostgreSQL server this file starts (initdb +
 * pg_ctl on a loopback port, stopped after): the same calls give the same answers, the audit log is append-only in
 * the database itself, and its hash chain is the same chain.
 */

const timing = { ttlMs: 60_000, heartbeatMs: 3_600_000 };

interface Backend {
  /** A new, empty store location. */
  fresh(): Promise<StoreTarget>;
  /** Drops one audit trigger, as someone with the database's owner rights could. */
  dropTrigger(s: StateStore, name: string): void;
}

let server: PgServer | null = null;
let dbCount = 0;

const backends: Record<string, Backend> = {
  sqlite: {
    fresh: async () => join(mkdtempSync(join(tmpdir(), 'ff-contract-')), 'state.db'),
    dropTrigger: (s, name) => s.db.exec(`DROP TRIGGER ${name}`),
  },
  postgres: {
    fresh: async () => {
      if (server === null) throw new Error('the PostgreSQL server did not start');
      return { url: await server.createDatabase(`contract_${++dbCount}`), password: PG_PASSWORD };
    },
    dropTrigger: (s, name) =>
      s.db.exec(`DROP TRIGGER ${name} ON ${name.startsWith('audit_head') ? 'audit_head' : 'audit'}`),
  },
};

beforeAll(async () => {
  server = await startPostgres();
}, 600_000);
afterAll(() => server?.stop());

describe.each(Object.keys(backends))('state store contract on %s', (name) => {
  const backend = backends[name] ?? backends.sqlite;
  if (!backend) throw new Error(name);
  const open = (target: StoreTarget, world: World = { alive: new Set([1]), clock: 0 }, pid = 1, host = 'h1') =>
    new StateStore(target, () => NOW, [], identity(world, pid, host), timing);

  it('keeps the audit log append-only in the database: updates and deletes are refused', async () => {
    const s = open(await backend.fresh());
    s.appendAuditMany(['a', 'b'].map((k) => auditRecord(k)));
    expect(() => s.db.prepare("UPDATE audit SET outcome = 'failed'").run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit_head').run()).toThrow(/append-only/);
    expect(() => s.db.prepare('UPDATE audit_head SET seq = 0').run()).toThrow(/only moves forward/);
    expect(s.auditFor()).toHaveLength(2);
    s.close();
  });

  it('chains records with the same hashes as any other store, and verifies the whole log', async () => {
    const s = open(await backend.fresh());
    const reference = new StateStore(':memory:', () => NOW);
    const records = ['a', 'b', 'c'].map((k, i) =>
      auditRecord(k, { before: { n: i }, errorMessage: i === 1 ? 'x' : null }),
    );
    s.appendAuditMany(records);
    reference.appendAuditMany(records);
    expect(s.verifyAudit()).toEqual(reference.verifyAudit());
    expect(s.verifyAudit()).toMatchObject({ records: 3, problem: null, missingTriggers: [], openIntents: 0 });
    expect([...s.auditRows()].map((r) => r.hash)).toEqual([...reference.auditRows()].map((r) => r.hash));
    s.assertAuditIntact();
    reference.close();
    s.close();
  });

  it('names an altered record once a trigger is dropped, and refuses to write after it', async () => {
    const s = open(await backend.fresh());
    s.appendAuditMany(['a', 'b', 'c', 'd'].map((k) => auditRecord(k)));
    backend.dropTrigger(s, 'audit_no_update');
    expect(s.verifyAudit().missingTriggers).toEqual(['audit_no_update']);
    expect(() => s.assertAuditIntact()).toThrow(/audit_no_update missing or altered/);
    s.db.prepare(`UPDATE audit SET after = '{"value":"not-eligible"}' WHERE seq = 2`).run();
    expect(s.verifyAudit().problem).toEqual({
      seq: 2,
      message: 'record 2 was altered: its content does not match its hash',
    });
    expect(() => s.assertAuditIntact()).toThrow(AuditBrokenError);
    s.close();
  });

  it('names records deleted from the end of the log', async () => {
    const s = open(await backend.fresh());
    s.appendAuditMany(['a', 'b', 'c'].map((k) => auditRecord(k)));
    backend.dropTrigger(s, 'audit_no_delete');
    s.db.prepare('DELETE FROM audit WHERE seq = 3').run();
    expect(s.verifyAudit().problem?.message).toBe('records 3 to 3 are missing (the log ends before its last record)');
    expect(() => s.assertAuditIntact()).toThrow(/missing/);
    s.close();
  });

  it('records runs, marks a dead process run interrupted, lists runs newest first', async () => {
    const target = await backend.fresh();
    const world: World = { alive: new Set([1, 2]), clock: 0 };
    const a = open(target, world, 1);
    a.startRun({ id: 'a', command: 'apply', actor: 'x', asOf: '2027-01-01' });
    world.alive.delete(1);
    const b = open(target, world, 2);
    b.startRun({ id: 'b', command: 'apply', actor: 'x', asOf: '2027-01-01' });
    b.finishRun('b', 'done', { applied: 3 }, 'fp');
    expect(b.lastRuns().map((r) => [r.id, r.status])).toEqual([
      ['b', 'done'],
      ['a', 'interrupted'],
    ]);
    expect(b.runById('b')).toMatchObject({ summary: { applied: 3 }, planFingerprint: 'fp' });
    a.close();
    b.close();
  });

  it('knows what was written, reconciles a killed run once, counts outcomes', async () => {
    const target = await backend.fresh();
    const world: World = { alive: new Set([1, 2]), clock: 0 };
    const dead = open(target, world, 1);
    dead.startRun({ id: 'killed', command: 'apply', actor: 'x', asOf: null });
    dead.appendAudit(auditRecord('held', { runId: 'killed', outcome: 'applied' }));
    dead.appendAuditMany(
      ['held', 'lost'].map((k) =>
        auditRecord(k, { runId: 'killed', phase: 'intent', outcome: 'pending', after: { v: k } }),
      ),
    );
    const live = open(target, world, 2);
    expect(live.openIntents()).toHaveLength(0);
    expect(live.writtenValues().byKey.get('lost')).toEqual({
      last: null,
      open: [{ before: null, after: { v: 'lost' } }],
    });
    world.alive.delete(1);
    live.startRun({ id: 'next', command: 'apply', actor: 'x', asOf: null });
    const fresh = [eligibilityChange('held', 'noop', 'held'), eligibilityChange('lost', 'update', 'lost')];
    expect(reconcileOpenIntents(live, fresh, { runId: 'next', actor: 'y', at: NOW })).toBe(2);
    expect(reconcileOpenIntents(live, fresh, { runId: 'next', actor: 'y', at: NOW })).toBe(0);
    expect(live.countAuditOutcomes('killed')).toEqual({ applied: 2, failed: 1, pending: 2 });
    expect(live.verifyAudit()).toMatchObject({ problem: null, openIntents: 0 });
    expect([...live.writtenValues().connectors]).toEqual(['c']);
    dead.close();
    live.close();
  });

  it('stores one level snapshot per quarter and employee, replacing on re-run', async () => {
    const s = open(await backend.fresh());
    const snap = levelSnapshot;
    s.upsertSnapshots([snap]);
    s.upsertSnapshots([{ ...snap, levelHeld: 'foundational', status: 'meets', hasGoal: true }]);
    expect(s.snapshots()).toEqual([{ ...snap, levelHeld: 'foundational', status: 'meets', hasGoal: true }]);
    s.close();
  });

  it('holds evidence: a source replaced whole, bytes and file times read back as written', async () => {
    const target = await backend.fresh();
    const s = new StateStore(target, () => NOW, evidenceMigrations);
    const ev = new EvidenceStore(s.db, () => NOW);
    const info = {
      key: 'usage:a.csv',
      kind: 'usage',
      file: 'a.csv',
      sha256: 'h',
      size: 5_000_000_000,
      mtimeMs: 1735689600123.457,
      rowsRead: 2,
      rowsLoaded: 2,
      badRows: 0,
      summary: { n: 1 },
    };
    const bytes = (xs: number[]) => new Uint8Array(xs);
    ev.replace(info, (w) => {
      w.usagePack('email', 1, 2, bytes([1, 2, 3]));
      w.usagePack('email', 1, 2, bytes([0, 255]));
    });
    ev.replace({ ...info, sha256: 'h2' }, (w) => w.usagePack('account', 1, 1, bytes([9])));
    expect(ev.source('usage:a.csv')).toMatchObject({
      sha256: 'h2',
      size: 5_000_000_000,
      mtimeMs: 1735689600123.457,
      summary: { n: 1 },
    });
    expect([...ev.usagePacks()].map((p) => [p.kind, [...p.data], Buffer.isBuffer(p.data)])).toEqual([
      ['account', [9], true],
    ]);
    // A second worker that read the same file meanwhile finds it stored and writes nothing.
    const other = new StateStore(target, () => NOW, evidenceMigrations);
    let written = 0;
    const again = new EvidenceStore(other.db, () => NOW).replace({ ...info, sha256: 'h2' }, () => written++);
    expect([again, written]).toEqual([false, 0]);
    expect(ev.replace({ ...info, sha256: 'h3' }, () => written++)).toBe(true);
    other.close();
    s.close();
  });

  it('opens an existing store without migrating it again', async () => {
    const target = await backend.fresh();
    open(target).close();
    const again = open(target);
    const ids = again.db.prepare('SELECT id FROM migrations ORDER BY id').all();
    // Each core migration recorded once: none ran twice.
    expect(ids).toEqual(coreMigrations.map((m) => ({ id: m.id })).sort((a, b) => a.id.localeCompare(b.id)));
    again.close();
  });

  describe('writer lock and leases', () => {
    it('refuses a second writer while the first lives, naming it; takes over a dead one and marks its run', async () => {
      const target = await backend.fresh();
      const world: World = { alive: new Set([1, 2]), clock: Date.parse('2027-01-01T08:00:00Z') };
      const a = open(target, world, 1);
      const b = open(target, world, 2);
      a.startRun({ id: 'run-a', command: 'apply', actor: 'x', asOf: null });
      a.acquireWriterLock('run-a', ['hris']);
      expect(() => b.acquireWriterLock('run-b', ['hris'])).toThrow(LockedError);
      expect(() => b.acquireWriterLock('run-b', ['hris'])).toThrow(
        /pid 1 on host h1, started 2027-01-01T08:00:00.000Z, run run-a/,
      );
      world.alive.delete(1);
      const held = b.acquireWriterLock('run-b', ['hris']);
      expect(held.takenOver).toMatchObject({ pid: 1, run_id: 'run-a' });
      expect(b.runById('run-a')?.status).toBe('interrupted');
      held.release();
      expect(b.writerLockHolder()).toBeNull();
      a.close();
      b.close();
    });

    it('on another host, the lease expires with its heartbeat; the loser learns before its next write', async () => {
      const target = await backend.fresh();
      const world: World = { alive: new Set([1, 2]), clock: 1_000_000 };
      const far = open(target, world, 1, 'far');
      const near = open(target, world, 2, 'near');
      const mine = far.acquireWriterLock('run-far', ['hris']);
      world.clock += timing.ttlMs - 1;
      expect(() => near.acquireWriterLock('run-near', ['hris'])).toThrow(/host far/);
      world.clock += 2;
      near.acquireWriterLock('run-near', ['hris']);
      expect(() => mine.assertHeld()).toThrow(/lost .* to pid 2 on host near/);
      far.close();
      near.close();
    });
  });
});

describe('leases per connector on PostgreSQL', () => {
  it('lets two workers apply different connectors at once, never the same one', async () => {
    const target = await backends.postgres?.fresh();
    if (target === undefined) throw new Error('no backend');
    const world: World = { alive: new Set([1, 2]), clock: 0 };
    const a = new StateStore(target, () => NOW, [], identity(world, 1), timing);
    const b = new StateStore(target, () => NOW, [], identity(world, 2), timing);
    const workday = a.acquireWriterLock('run-a', ['workday']);
    const bamboo = b.acquireWriterLock('run-b', ['bamboohr']);
    expect(() => b.acquireWriterLock('run-c', ['bamboohr'])).toThrow(/connector bamboohr's lease: pid 2/);
    bamboo.release();
    expect(() => b.acquireWriterLock('run-c', ['bamboohr', 'workday'])).toThrow(/connector workday's lease: pid 1/);
    // All or none: the refused run kept no lease on bamboohr.
    expect(a.db.prepare('SELECT name, pid FROM locks ORDER BY name').all()).toEqual([
      { name: 'connector:workday', pid: 1 },
    ]);
    workday.release();
    a.close();
    b.close();
  });
});

describe('opening a PostgreSQL store', () => {
  it('names a refused login and a missing database, never the password', async () => {
    const url = await (server ?? { createDatabase: () => Promise.reject(new Error('no server')) }).createDatabase(
      'login_check',
    );
    const wrong = 'not-the-password-81c3';
    expect(() => new StateStore({ url, password: wrong })).toThrow(StateError);
    expect(() => new StateStore({ url, password: wrong })).toThrow(/PostgreSQL refused the login/);
    try {
      new StateStore({ url, password: wrong });
    } catch (e) {
      expect(e instanceof Error ? e.message : '').not.toContain(wrong);
    }
    expect(() => new StateStore({ url: url.replace(/login_check$/, 'nowhere'), password: PG_PASSWORD })).toThrow(
      /the database does not exist/,
    );
    const unused = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const a = probe.address();
        probe.close(() => done(typeof a === 'object' && a !== null ? a.port : 1));
      });
    });
    expect(() => new StateStore({ url: `postgres://u@127.0.0.1:${unused}/x`, password: null })).toThrow(
      /no PostgreSQL server answers there/,
    );
  });
});
