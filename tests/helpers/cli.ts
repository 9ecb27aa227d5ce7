import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { RunningSandbox, SandboxSnapshot } from '../../src/connector.js';
import { writeSampleEvidence } from '../../src/demo/sample-evidence.js';
import type { SyntheticOrg } from '../../schemas/index.js';
import { exampleCredentials, exampleExpect, exampleLadder } from './config.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
/** The real bin, which runs the compiled dist/ (the global setup builds it when it is missing or stale). */
export const bin = join(repoRoot, 'bin', 'fluencyflow.js');

/**
 * The limit for one end-to-end test that starts the CLI several times against a sandbox: generous on purpose, so a
 * loaded 2-core machine passes as a fast one does. The tests assert outcomes, never durations.
 */
export const CLI_TEST_TIMEOUT = 600_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI child: this process' without what earlier tests set in it (the test files share forks,
 * and some connector tests put a sandbox's credentials or a wrong key in `process.env`), then `extra`.
 */
const SET_BY_TESTS = /^(FLUENCYFLOW_SANDBOX_|FF_TEST_|WD_TWO_|WD_TEST_)/;
export const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !SET_BY_TESTS.test(k))),
  ...extra,
});

/** Runs the real CLI in a child process (as an admin would), with the given environment. */
export const runCli = (
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void },
): Promise<CliResult> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd,
      env: childEnv({ ...opts.env, NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });

/** A folder with a config reaching the sandbox and sample evidence drawn from its organisation. */
export const workspaceFor = (
  sandbox: RunningSandbox,
  org: SyntheticOrg,
  over: Record<string, unknown> = {},
): { dir: string; config: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-e2e-'));
  const year = org.asOf.slice(0, 4);
  writeSampleEvidence({
    employees: org.employees,
    asOf: org.asOf,
    zone: 'America/New_York',
    seed: 3,
    dir: join(dir, 'data'),
  });
  const config = {
    version: 1,
    organization: 'E2E Corp',
    asOf: org.asOf,
    cycle: { id: `FY${year}`, start: `${year}-01-01`, end: `${year}-12-31`, zone: 'America/New_York' },
    ladder: exampleLadder,
    grades: { order: org.grades, expect: exampleExpect },
    credentials: exampleCredentials,
    evidence: {
      certifications: 'data/certifications.csv',
      enrolments: 'data/enrolments.csv',
      usage: 'data/usage.ndjson',
    },
    connectors: [sandbox.connectorConfig('sub')],
    ...over,
  };
  const path = join(dir, 'fluencyflow.yaml');
  writeFileSync(path, stringify(config));
  return { dir, config: path };
};

/** The HRIS state without ids, so two sandboxes can be compared. */
export const normalised = (s: SandboxSnapshot) => ({
  goals: Object.fromEntries(
    Object.entries(s.goals).map(([id, gs]) => [
      id,
      gs
        .map((g) => ({
          title: g.title,
          description: g.description,
          percentComplete: g.percentComplete,
          closed: g.closed,
          dueDate: g.dueDate,
        }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ]),
  ),
  eligibility: s.eligibility,
  exceptionNotes: Object.fromEntries(
    Object.entries(s.exceptionNotes).map(([id, ns]) => [
      id,
      [...ns].sort((a, b) => a.promotionDate.localeCompare(b.promotionDate)),
    ]),
  ),
});
