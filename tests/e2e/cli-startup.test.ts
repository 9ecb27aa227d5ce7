import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { measureStartup } from '../../bench/startup.bench.js';
import { connectors } from '../../connectors/index.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { bin, CLI_TEST_TIMEOUT, repoRoot, runCli, workspaceFor } from '../helpers/cli.js';

const pkg: unknown = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'no version';

/**
 * Runs node with a module loader hook that records every module it loads (ESM, and the entry of each CommonJS
 * package imported from ESM), so a test can say what a command did not load.
 */
const hookedRun = (): { log: string; register: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-modules-'));
  const log = join(dir, 'loaded.txt');
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
  writeFileSync(register, `import { register } from 'node:module';\nregister(${hooked});\n`);
  return { log, register: pathToFileURL(register).href };
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

/** The same for a command that talks to a sandbox in this process (so the child runs beside it, not blocking it). */
const modulesLoadedByCli = (
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; loaded: string[] }> => {
  const { log, register } = hookedRun();
  const env = { ...process.env, ...opts.env };
  const child = spawn(process.execPath, ['--import', register, bin, ...args], { cwd: opts.cwd, env, stdio: 'ignore' });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, loaded: loadedIn(log) }));
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

  it('plan loads what its HRIS needs: for BambooHR no SOAP stack, XML signer, sandbox, charts or browser', async () => {
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
      const unneeded = ['soap', 'xml-crypto', 'echarts', 'zrender', 'playwright-core'];
      expect(packages.filter((p) => unneeded.includes(p))).toEqual([]);
      expect(run.loaded.filter((u) => /\/connectors\/[^/]+\/sandbox\//.test(u))).toEqual([]);
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
