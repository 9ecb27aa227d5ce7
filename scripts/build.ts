/**
 * `npm run build` (and `prepare`, which `npm ci` runs): builds `dist/` in two steps.
 *
 * 1. `tsc -p tsconfig.build.json`: the library (`import 'fluencyflow'`) as one JavaScript file per source, with its
 *    type declarations, under `dist/src`, `dist/connectors`, `dist/schemas`.
 * 2. esbuild: the CLI as a bundle under `dist/cli`, which the bin runs. Node then reads a few large files instead of
 *    hundreds of small ones, which roughly halves the CPU a command spends before it does anything
 *    (docs/performance.md). Code splitting keeps each command's dynamic `import()` a chunk of its own, so `--help`
 *    loads commander alone and node-soap, xml-crypto, the chart library and the sandboxes load only when used. The
 *    bundle's axios does without two probes that would load Node's fetch at start-up (scripts/axios-without-undici.ts;
 *    a plugin, so the bundle is built with esbuild's asynchronous API).
 *
 * The test suite's global setup and the start-up bench call `buildDist` too, so they test what `npm ci` builds.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { axiosWithoutUndici } from './axios-without-undici.js';

export const repoRoot = resolve(import.meta.dirname, '..');
const cliDir = join(repoRoot, 'dist', 'cli');
/** Which source files and packages went into each file of `dist/cli` (the start-up test reads it). */
export const cliManifest = join(cliDir, 'manifest.json');

/**
 * Packages the bundle leaves to `node_modules`. Most find files next to their own code at run time: better-sqlite3
 * loads its native addon; pg is loaded by path inside the state store's worker thread; xmllint-wasm reads its .wasm
 * file; pino starts its transports as worker-thread files of its own. node-soap is CommonJS imported with `import()`
 * (on the first SOAP call): bundled and split, such an import sees only a `default` export (evanw/esbuild#3245), so
 * Node loads it, as it would unbundled; `cjsBehindDynamicImport` stops the build when another package needs the same.
 */
const EXTERNAL = ['better-sqlite3', 'pg', 'xmllint-wasm', 'pino', 'soap'];

/**
 * Bundled CommonJS packages call `require` for Node's built-ins; an ES module has none, so each output file makes
 * one from its own URL.
 */
const BANNER = [
  "import { createRequire as ffCreateRequire } from 'node:module';",
  'const require = ffCreateRequire(import.meta.url);',
].join('\n');

/** The npm package a bundled input belongs to, or null for the project's own sources. */
const packageOf = (input: string): string | null =>
  /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? null;

/** Per output file (named relative to `dist/cli`): the packages and the project's own sources it contains. */
const manifestOf = (meta: Metafile): Record<string, { packages: string[]; sources: string[] }> => {
  const files: Record<string, { packages: string[]; sources: string[] }> = {};
  for (const [out, info] of Object.entries(meta.outputs)) {
    if (!out.endsWith('.js')) continue;
    const inputs = Object.keys(info.inputs);
    const packages = [...new Set(inputs.map(packageOf).filter((p): p is string => p !== null))].sort();
    const sources = inputs.filter((i) => packageOf(i) === null).sort();
    files[out.slice(out.lastIndexOf('/') + 1)] = { packages, sources };
  }
  return files;
};

/**
 * CommonJS files that bundled code reaches through `import()`: in a split bundle their named exports are lost (Node
 * would have found them), so each must be made external or imported statically from a module that is imported lazily.
 */
const cjsBehindDynamicImport = (meta: Metafile): string[] => [
  ...new Set(
    Object.values(meta.inputs).flatMap((input) =>
      input.imports
        .filter((i) => i.kind === 'dynamic-import' && i.external !== true && meta.inputs[i.path]?.format === 'cjs')
        .map((i) => i.path),
    ),
  ),
];

/** Step 2: the CLI bundle. */
const bundleCli = async (): Promise<void> => {
  // axios without the probes that load Node's fetch (undici) at start-up: scripts/axios-without-undici.ts.
  const axiosPlugin = axiosWithoutUndici();
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: { main: 'src/cli/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: 'dist/cli',
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
    plugins: [axiosPlugin.plugin],
  });
  const missed = axiosPlugin.missed();
  if (missed.length > 0) throw new Error(`axios changed, see scripts/axios-without-undici.ts: ${missed.join('; ')}`);
  const lost = cjsBehindDynamicImport(result.metafile);
  if (lost.length > 0) throw new Error(`import() of CommonJS in the CLI bundle, add to EXTERNAL: ${lost.join(', ')}`);
  writeFileSync(cliManifest, `${JSON.stringify(manifestOf(result.metafile), null, 1)}\n`);
  // Chunks of earlier builds (their names are content hashes) are no longer reached: removed after the new ones
  // exist, so a CLI started from the old build meanwhile finds its files until it has loaded them.
  const built = new Set(Object.keys(result.metafile.outputs).map((f) => resolve(repoRoot, f)));
  for (const f of readdirSync(join(repoRoot, 'dist/cli')))
    if (/^chunk-.*\.js$/.test(f) && !built.has(join(repoRoot, 'dist/cli', f))) rmSync(join(repoRoot, 'dist/cli', f));
};

/**
 * Step 1: the library and its types. tsc still writes its output when the types do not check; that is reported
 * (`npm run typecheck` lists the errors) and thrown only when `strict`.
 */
const compileLibrary = (strict: boolean): void => {
  const tsc = createRequire(join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');
  try {
    const stdio = strict ? 'inherit' : 'pipe';
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio });
  } catch (e) {
    if (strict) throw e;
    process.stderr.write('warning: tsc reported type errors while building dist/ (npm run typecheck lists them)\n');
  }
};

/** Both steps, library first: the manifest is the last file written, which the staleness check compares. */
export const buildDist = async (opts: { strict: boolean }): Promise<void> => {
  compileLibrary(opts.strict);
  await bundleCli();
};

const script = process.argv[1];
const invokedDirectly = script !== undefined && import.meta.url === pathToFileURL(resolve(script)).href;
if (invokedDirectly) await buildDist({ strict: true });
