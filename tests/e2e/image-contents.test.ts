/**
 * What the Docker image holds is enough to run fluencyflow, proven without a Docker engine (none here, none in CI):
 * the last stage's files are put in a folder from the Dockerfile's own COPY lines (tests/helpers/image-files.ts:
 * the built dist/ and the production-only node_modules), then the ENTRYPOINT runs from there as the image would:
 * with the image's ENV, a writable folder for /data and one for /tmp, and, when the tests run as root, as the
 * unprivileged `nobody`, to whom the app folder and the home are read-only (as Kubernetes' read-only root makes
 * them). It runs on the Kubernetes example's config (deploy/k8s/configmap.yaml, its BambooHR connector pointed at a
 * loopback sandbox) and the Secret's keys: `--version`, `check` against the sandbox, the CronJob's `apply --yes`,
 * then the image's default command, `serve`, whose probes, 401 and the image's own HEALTHCHECK command are checked
 * before SIGTERM stops it.
 *
 * Not proven here: the base image itself, `npm rebuild better-sqlite3` in it, and the `docker build` (no engine).
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, visit } from 'yaml';
import { z } from 'zod';
import {
  SANDBOX_KEY_ENV,
  startBamboohrSandbox,
  type BamboohrSandbox,
} from '../../connectors/bamboohr/sandbox/index.js';
import { writeSampleEvidence } from '../../src/demo/sample-evidence.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, repoRoot } from '../helpers/cli.js';
import { instructionsOf, lastOf, readDockerfile } from '../helpers/dockerfile.js';
import { assembleFinalStage } from '../helpers/image-files.js';
import { readK8sExample } from '../helpers/k8s-example.js';

const stages = readDockerfile(join(repoRoot, 'Dockerfile'));
const final = stages.at(-1);
if (!final) throw new Error('the Dockerfile has no stage');
const k8s = readK8sExample(join(repoRoot, 'deploy', 'k8s'));
const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')));

/** Debian's and Alpine's `nobody`: the tests run the image's files as it when they run as root themselves. */
const NOBODY = 65534;
const runAs: Pick<SpawnOptions, 'uid' | 'gid'> = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

let root = '';
let app = '';
let workdir = '';
let sandbox: BamboohrSandbox | undefined;
let config = '';
let env: NodeJS.ProcessEnv = {};

/** The image's ENTRYPOINT as a command here: its `node` is this node, its paths under WORKDIR are under `app`. */
const entrypoint = (): { command: string; args: string[] } => {
  const [node, ...rest] = lastOf(final, 'ENTRYPOINT')?.args ?? [];
  if (node !== 'node') throw new Error(`the ENTRYPOINT does not start node: ${node ?? 'none'}`);
  const host = (a: string) => (a.startsWith(`${workdir}/`) ? join(app, a.slice(workdir.length + 1)) : a);
  return { command: process.execPath, args: rest.map(host) };
};

/** Runs the entry point with these arguments; asynchronous, as the sandbox answers from this process. */
const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((done, fail) => {
    const e = entrypoint();
    const child = spawn(e.command, [...e.args, ...args], { cwd: app, env, stdio: 'pipe', ...runAs });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });

/** The ConfigMap's config with its /data paths in `data` and its connector at the sandbox. */
const writeConfig = (data: string, baseUrl: string): string => {
  const doc = parseDocument(k8s.configMap.data['fluencyflow.yaml'] ?? '');
  visit(doc, {
    Scalar: (_key, node) => {
      if (typeof node.value === 'string' && node.value.startsWith('/data/'))
        node.value = join(data, node.value.slice('/data/'.length));
    },
  });
  doc.setIn(['connectors', 0, 'baseUrl'], baseUrl);
  const path = join(root, 'config', 'fluencyflow.yaml');
  mkdirSync(join(root, 'config'));
  writeFileSync(path, doc.toString());
  return path;
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ff-image-'));
  // What `nobody` needs to reach: the folders on the way down (mkdtemp makes them 0700).
  chmodSync(root, 0o755);
  app = join(root, 'app');
  mkdirSync(app);
  workdir = assembleFinalStage(stages, repoRoot, app);
  const data = join(root, 'data');
  const tmp = join(root, 'tmp');
  for (const d of [data, tmp]) {
    mkdirSync(d);
    if (runAs.uid !== undefined) chownSync(d, runAs.uid, runAs.gid ?? runAs.uid);
  }
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: 40,
    seed: 11,
    standardGoalTitle: 'AI fluency development goal FY2027',
    cycleEnd: '2027-12-31',
  });
  sandbox = await startBamboohrSandbox({ org, port: 0, quirks: {} });
  // The evidence files the config names, put on the volume as an admin would before the first run.
  writeSampleEvidence({
    employees: org.employees,
    asOf: org.asOf,
    zone: 'Europe/Berlin',
    seed: 3,
    dir: join(data, 'evidence'),
  });
  config = writeConfig(data, sandbox.baseUrl);
  // The image's ENV (KEY=value form), NODE_ENV=production among them.
  const imageEnv: Record<string, string> = {};
  for (const a of instructionsOf(final, 'ENV').flatMap((i) => i.args)) {
    const [, key, value] = /^([^=]+)=(.*)$/.exec(a) ?? [];
    if (key !== undefined && value !== undefined) imageEnv[key] = value;
  }
  env = {
    PATH: process.env.PATH,
    HOME: app,
    TMPDIR: tmp,
    NO_COLOR: '1',
    ...imageEnv,
    ...k8s.secret.stringData,
    BAMBOOHR_API_KEY: sandbox.env[SANDBOX_KEY_ENV],
  };
});

afterAll(async () => {
  await sandbox?.close();
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('the Docker image’s files, run without an engine', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('hold the built CLI and the production dependencies, and no development ones', () => {
    expect(existsSync(join(app, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3', 'package.json'))).toBe(true);
    // Nothing outside the folder is reachable: a dev-only package does not resolve from it.
    const dev = spawnSync(process.execPath, ['-e', "require.resolve('vitest')"], { cwd: app, env, ...runAs });
    expect(dev.status).not.toBe(0);
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
  });

  it('print the package version', async () => {
    const r = await run(['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('check the Kubernetes example’s config against the tenant', async () => {
    const r = await run(['check', '--config', config]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('every check passed');
  });

  it('run the CronJob’s command: apply on the same config writes to the tenant', async () => {
    const args = k8s.cronJob.spec.jobTemplate.spec.template.spec.containers[0]?.args ?? [];
    const before = sandbox?.stats().writes ?? 0;
    const r = await run(args.map((a, i) => (args[i - 1] === '--config' ? config : a)));
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(sandbox?.stats().writes ?? 0).toBeGreaterThan(before);
  });

  it('serve: the probes answer, the page needs a token, the HEALTHCHECK passes, SIGTERM stops it', async () => {
    const cmd = lastOf(final, 'CMD')?.args ?? [];
    // The image's default command, on loopback and a free port here; --json prints where it listens.
    const args = cmd.map((a, i) =>
      cmd[i - 1] === '--config' ? config : cmd[i - 1] === '--host' ? '127.0.0.1' : cmd[i - 1] === '--port' ? '0' : a,
    );
    const e = entrypoint();
    const child = spawn(e.command, [...e.args, ...args, '--json'], { cwd: app, env, stdio: 'pipe', ...runAs });
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    try {
      const first = await new Promise<string>((done, fail) => {
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) done(stdout);
        });
        child.on('close', () => fail(new Error(`serve exited before listening: ${stderr}`)));
      });
      const listening = z.object({ url: z.string() }).safeParse(JSON.parse(first));
      if (!listening.success) throw new Error(`serve did not start: ${first}\n${stderr}`);
      const { url } = listening.data;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/`)).status).toBe(401);
      const token = k8s.secret.stringData['FF_TOKEN_ALICE'] ?? '';
      expect((await fetch(`${url}/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      // The image's HEALTHCHECK command, at the port serve took here instead of the exposed one.
      const [, node, ...check] = lastOf(final, 'HEALTHCHECK')?.args ?? [];
      const exposed = lastOf(final, 'EXPOSE')?.args[0] ?? '';
      const port = new URL(url).port;
      expect(node).toBe('node');
      const probe = check.map((a) => a.replace(`127.0.0.1:${exposed}/`, `127.0.0.1:${port}/`));
      expect(probe).not.toEqual(check);
      expect(spawnSync(process.execPath, probe, { env, ...runAs }).status).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
    // The state store is where the config puts it, written by the unprivileged user.
    const state = join(root, 'data', 'state.db');
    expect(existsSync(state)).toBe(true);
    if (runAs.uid !== undefined) expect(statSync(state).uid).toBe(runAs.uid);
  });
});
