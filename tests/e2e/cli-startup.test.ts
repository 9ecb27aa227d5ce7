import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { measureStartup } from '../../bench/startup.bench.js';
import { connectors } from '../../connectors/index.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { bin, childEnv, CLI_TEST_TIMEOUT, repoRoot, runCli, workspaceFor } from '../helpers/cli.js';

const pkg: unknown = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'no version';

/**
 * Runs node with a module loader hook that records every module it loads (ESM, and the entry of each CommonJS
 * package imported from ESM), so a test can say what a command did not load; and, at the process's first HTTP
 * request (Node's `http.client.request.start` channel), the Node internals loaded by then (`process.moduleLoadList`:
 * Node's own fetch, undici, is one, which no loader hook sees).
 */
const hookedRun = (): { log: string; register: string; internals: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-modules-'));
  const log = join(dir, 'loaded.txt');
  const internals = join(dir, 'internals-at-first-request.txt');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
let log = '';
export const initialize = (data) => { log = data.log; };
export const load = async (url, context, next) => { appendFileSync(log, url + '\\n'); return next(url, context); };
`,
  );
  const register = join(dir, 'register.mjs');
  const hooked = `${JSON.stringify(pathToFileURL(hooks).href)}, ${JSON.stringify({ data: { log } })}`;
  writeFileSync(
    register,
    `import { register } from 'node:module';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
register(${hooked});
const first = () => {
  unsubscribe('http.client.request.start', first);
  writeFileSync(${JSON.stringify(internals)}, process.moduleLoadList.join('\\n'));
};
subscribe('http.client.request.start', first);
`,
  );
  return { log, register: pathToFileURL(register).href, internals };
};

/**
 * What each file of the CLI bundle holds (scripts/build.ts writes it): a loaded bundle file stands for the packages
 * and sources bundled into it.
 */
const bundled = z
  .record(z.string(), z.object({ packages: z.array(z.string()), sources: z.array(z.string()) }))
  .parse(JSON.parse(readFileSync(join(repoRoot, 'dist', 'cli', 'manifest.json'), 'utf8')));

/**
 * A loaded module URL; for a file of the CLI bundle, followed by the packages (as `node_modules/<name>/`) and the
 * sources bundled into it.
 */
const unbundled = (url: string): string[] => {
  const file = /\/dist\/cli\/([^/]+)$/.exec(url)?.[1];
  const inside = file === undefined ? undefined : bundled[file];
  if (file !== undefined && inside === undefined) throw new Error(`${file} is not in the bundle's manifest`);
  const packages = inside?.packages.map((p) => `bundle:node_modules/${p}/`) ?? [];
  return [url, ...packages, ...(inside?.sources.map((s) => `bundle:/${s}`) ?? [])];
};

const loadedIn = (log: string): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean).flatMap(unbundled);

const modulesLoadedBy = (args: string[]): { code: number | null; loaded: string[] } => {
  const { log, register } = hookedRun();
  const run = spawnSync(process.execPath, ['--import', register, ...args], { cwd: dirname(log) });
  return { code: run.status, loaded: loadedIn(log) };
};

/**
 * The same for a command that talks to a sandbox in this process (so the child runs beside it, not blocking it), with
 * the Node internals loaded at its first request (null if it sent none).
 */
const modulesLoadedByCli = (
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; loaded: string[]; internalsAtFirstRequest: string[] | null }> => {
  const { log, register, internals } = hookedRun();
  const env = childEnv(opts.env);
  const child = spawn(process.execPath, ['--import', register, bin, ...args], { cwd: opts.cwd, env, stdio: 'ignore' });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      const atFirst = existsSync(internals) ? readFileSync(internals, 'utf8').split('\n').filter(Boolean) : null;
      done({ code, loaded: loadedIn(log), internalsAtFirstRequest: atFirst });
    });
  });
};

/** The npm packages among loaded module URLs, sorted. */
const packagesIn = (urls: readonly string[]): string[] => {
  const names = urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]);
  return [...new Set(names.filter((p): p is string => p !== undefined))].sort();
};
const COMMANDS = ['init', 'check', 'discover', 'import', 'plan', 'apply', 'report', 'status', 'explain', 'evidence'];
const EXTRA_COMMANDS = ['schema', 'sandbox', 'demo'];

describe('the CLI answers at once', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('--version and -v print the version; --help lists every command; after a command, -v is --verbose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-startup-'));
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
    const help = await runCli(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    for (const c of [...COMMANDS, ...EXTRA_COMMANDS]) expect(help.stdout).toMatch(new RegExp(`^ {2}${c}\\b`, 'm'));
    const verbose = await runCli(['plan', '-v', '--config', join(dir, 'missing.yaml')], { cwd: dir });
    expect(verbose.code).toBe(1);
    expect(verbose.stdout).not.toContain(version);
    expect(verbose.stderr).toContain('error FF_CONFIG_INVALID');
    expect(verbose.stderr).toContain('caused by');
  });

  it('--help and --version load commander and nothing else; the library loads no sandbox, charts or browser', () => {
    for (const flag of ['--help', '--version']) {
      const run = modulesLoadedBy([bin, flag]);
      expect(run.code).toBe(0);
      expect(packagesIn(run.loaded), flag).toEqual(['commander']);
      expect(run.loaded.filter((u) => u.includes('/dist/')).length, flag).toBeLessThan(8);
      // The bundle's entry itself holds the CLI's own few modules and commander, not the commands.
      expect(
        run.loaded.filter((u) => u.startsWith('bundle:/src/cli/commands/')),
        flag,
      ).toEqual([]);
    }
    const index = pathToFileURL(join(repoRoot, 'dist', 'src', 'index.js')).href;
    const library = modulesLoadedBy(['--input-type=module', '-e', `await import(${JSON.stringify(index)})`]);
    expect(library.code).toBe(0);
    expect(library.loaded.some((u) => u.includes('/dist/connectors/'))).toBe(true);
    expect(library.loaded.filter((u) => /\/connectors\/[^/]+\/sandbox\//.test(u))).toEqual([]);
    const heavy = ['echarts', 'zrender', 'playwright-core', 'commander', 'cli-progress'];
    expect(packagesIn(library.loaded).filter((p) => heavy.includes(p))).toEqual([]);
  });

  it('plan loads what its HRIS needs: for BambooHR no other connector, SOAP, XML signer, sandbox, charts or fetch', async () => {
    const goal = 'AI fluency development goal FY2027';
    const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 12, seed: 4, standardGoalTitle: goal });
    const sandbox = await connectors['bamboohr']?.sandbox.start({ org, port: 0 });
    if (!sandbox) throw new Error('no BambooHR sandbox');
    try {
      const ws = workspaceFor(sandbox, org);
      const run = await modulesLoadedByCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
      expect(run.code).toBe(2);
      const packages = packagesIn(run.loaded);
      // The plan read the HRIS over HTTP and parsed its config: the loader hook saw it all.
      expect(packages).toEqual(expect.arrayContaining(['axios', 'yaml', 'zod']));
      // pino loads with the logger's first line (src/cli/cli-logger.ts): a plan of a clean tenant writes none.
      const unneeded = ['soap', 'xml-crypto', 'echarts', 'zrender', 'playwright-core', 'pino'];
      expect(packages.filter((p) => unneeded.includes(p))).toEqual([]);
      expect(run.loaded.filter((u) => /\/connectors\/[^/]+\/sandbox\//.test(u))).toEqual([]);
      // Only the connector the config names: BambooHR's code, none of the other connectors' (connectors/loaders.ts).
      const connectorsLoaded = new Set(run.loaded.map((u) => /^bundle:\/connectors\/([^/]+)\//.exec(u)?.[1]));
      expect(connectorsLoaded.has('bamboohr')).toBe(true);
      const others = Object.keys(connectors).filter((t) => t !== 'bamboohr');
      expect(others.length).toBeGreaterThan(0);
      expect(others.filter((t) => connectorsLoaded.has(t))).toEqual([]);
      // Node's fetch (undici) is not loaded before the first request: the clients use axios's http adapter, and the
      // bundle's axios does not probe for fetch (scripts/axios-without-undici.ts).
      expect(run.internalsAtFirstRequest).not.toBeNull();
      expect(run.internalsAtFirstRequest).toEqual(expect.arrayContaining(['NativeModule http']));
      expect(run.internalsAtFirstRequest?.filter((m) => m.includes('undici'))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('the start-up bench measures help, version and plan up to its first request (a one-run smoke test)', async () => {
    const figures = await measureStartup({ runs: 1, hris: ['bamboohr'] });
    expect(figures.map((f) => f.metric)).toEqual(['help', 'version', 'plan-first-request-bamboohr']);
    for (const f of figures) {
      expect(f.value).toBeGreaterThan(0);
      expect(f.baseline).toBeGreaterThan(0);
      expect(f.ratio).toBeCloseTo(f.value / f.baseline, 6);
      // Linux tells a finished child's CPU time; elsewhere the bench reports wall time only.
      if (process.platform === 'linux') expect(f.cpu).toBeGreaterThanOrEqual(0);
    }
  });
});
