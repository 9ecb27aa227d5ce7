import { hostname } from 'node:os';

/** Who this process is, and how it tells whether another process on its host still lives (injected in tests). */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Whether a process with this pid exists on this host. */
  isAlive: (pid: number) => boolean;
  /** Wall-clock milliseconds, for heartbeats (never for the as-of date). */
  clock: () => number;
}

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
};

export const thisProcess = (): ProcessIdentity => ({
  pid: process.pid,
  host: hostname(),
  isAlive: pidAlive,
  clock: () => Date.now(),
});
