import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockedError } from '../../../src/errors.js';
import { StateStore } from '../../../src/state/state-store.js';
import { identity, type World } from './helpers.js';

const newPath = () => join(mkdtempSync(join(tmpdir(), 'ff-lock-')), 'state.db');
const fixedNow = () => '2027-01-01T00:00:00Z';
const timing = { ttlMs: 60_000, heartbeatMs: 3_600_000 };

const storeAs = (path: string, world: World, pid: number, host = 'h1') =>
  new StateStore(path, fixedNow, [], identity(world, pid, host), timing);

const lockError = (f: () => unknown): LockedError => {
  try {
    f();
  } catch (e) {
    if (e instanceof LockedError) return e;
    throw e;
  }
  throw new Error('expected FF_LOCKED');
};

describe('the writer lock', () => {
  it('refuses a second writer at once, naming pid, host and start; free again once released', () => {
    const path = newPath();
    const world: World = { alive: new Set([1, 2]), clock: Date.parse('2027-01-01T08:00:00Z') };
    const a = storeAs(path, world, 1);
    const b = storeAs(path, world, 2);
    const held = a.acquireWriterLock('run-a');
    const e = lockError(() => b.acquireWriterLock('run-b'));
    expect(e.code).toBe('FF_LOCKED');
    expect(e.message).toContain('pid 1 on host h1, started 2027-01-01T08:00:00.000Z, run run-a');
    expect(e.where).toBe(path);
    held.release();
    const second = b.acquireWriterLock('run-b');
    expect(second.takenOver).toBeNull();
    second.release();
    a.close();
    b.close();
  });

  it('takes over the lock of a killed process on this host and marks its run interrupted', () => {
    const path = newPath();
    const world: World = { alive: new Set([1, 2]), clock: 0 };
    const a = storeAs(path, world, 1);
    a.startRun({ id: 'run-a', command: 'apply', actor: 'x', asOf: null });
    a.acquireWriterLock('run-a');
    world.alive.delete(1);
    const b = storeAs(path, world, 2);
    const held = b.acquireWriterLock('run-b');
    expect(held.takenOver).toMatchObject({ pid: 1, run_id: 'run-a' });
    expect(b.lastRuns().find((r) => r.id === 'run-a')?.status).toBe('interrupted');
    held.release();
    a.close();
    b.close();
  });

  it('recognises a really dead pid on this machine', () => {
    const path = newPath();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(child.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const killed = new StateStore(path, fixedNow, [], {
      pid: deadPid,
      host: hostname(),
      isAlive: () => true,
      clock: () => Date.now(),
    });
    killed.acquireWriterLock('run-dead');
    killed.close();
    const me = new StateStore(path, fixedNow);
    const held = me.acquireWriterLock('run-me');
    expect(held.takenOver?.pid).toBe(deadPid);
    held.release();
    me.close();
  });

  it('on another host, waits for the heartbeat to expire; a live holder keeps it however old its start', () => {
    const path = newPath();
    const world: World = { alive: new Set([1, 2]), clock: 1_000_000 };
    const far = storeAs(path, world, 1, 'far');
    far.acquireWriterLock('run-far');
    const near = storeAs(path, world, 2, 'near');
    world.clock += timing.ttlMs - 1;
    expect(lockError(() => near.acquireWriterLock('run-near')).message).toContain('host far');
    world.clock += 2;
    const held = near.acquireWriterLock('run-near');
    expect(held.takenOver?.host).toBe('far');
    held.release();
    // Same host: a live pid is never taken over, even with a heartbeat hours old.
    const local = storeAs(path, world, 1, 'near');
    local.acquireWriterLock('run-local');
    world.clock += 10 * timing.ttlMs;
    expect(lockError(() => near.acquireWriterLock('run-again')).message).toContain('pid 1 on host near');
    for (const s of [far, near, local]) s.close();
  });

  it('a writer whose lock was taken over learns it before its next write', () => {
    const path = newPath();
    const world: World = { alive: new Set([1, 2]), clock: 0 };
    const a = storeAs(path, world, 1, 'far');
    const mine = a.acquireWriterLock('run-a');
    mine.assertHeld();
    world.clock += timing.ttlMs + 1;
    const b = storeAs(path, world, 2, 'near');
    b.acquireWriterLock('run-b');
    expect(() => mine.assertHeld()).toThrow(/lost the state store's writer lock to pid 2 on host near/);
    a.close();
    b.close();
  });
});
