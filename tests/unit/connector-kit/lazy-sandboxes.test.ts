import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectorTypes } from '../../../connectors/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SANDBOX_MODULE = /\/connectors\/([^/]+)\/sandbox\//;
const MARK = 'library imported';

/**
 * Imports the package entry from source in a fresh node (tsx compiles it) with a hook recording every module loaded,
 * then starts one sandbox per connector, so the same probe shows a sandbox module the moment one is loaded.
 */
const probe = (): { beforeStart: string[]; afterStart: string[] } => {
  const log = join(mkdtempSync(join(tmpdir(), 'ff-lazy-')), 'modules.txt');
  writeFileSync(log, '');
  const entry = pathToFileURL(join(root, 'src', 'index.ts')).href;
  const script = `
    import { appendFileSync } from 'node:fs';
    const lib = await import(${JSON.stringify(entry)});
    appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${MARK}\n`)});
    const org = lib.generateSyntheticOrg({ asOf: '2027-06-30', employees: 10, seed: 1 });
    for (const def of Object.values(lib.connectors)) await (await def.sandbox.start({ org, port: 0 })).close();
  `;
  const hooks = pathToFileURL(join(root, 'tests', 'helpers', 'record-modules.mjs')).href;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', hooks, '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, FF_TEST_MODULES: log },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the probe failed (${String(run.status)}): ${run.stderr}`);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const mark = lines.indexOf(MARK);
  return { beforeStart: lines.slice(0, mark), afterStart: lines.slice(mark + 1) };
};

const sandboxTypes = (urls: readonly string[]): string[] =>
  [...new Set(urls.map((u) => SANDBOX_MODULE.exec(u)?.[1]).filter((t) => t !== undefined))].sort();

describe('sandboxes load lazily', () => {
  it("import 'fluencyflow' loads every connector and no sandbox; starting one loads its sandbox", () => {
    const { beforeStart, afterStart } = probe();
    const connectorsLoaded = beforeStart.filter((u) => /\/connectors\/[^/]+\/index\.ts$/.test(u));
    expect(connectorsLoaded.length).toBe(connectorTypes().length);
    expect(sandboxTypes(beforeStart)).toEqual([]);
    expect(sandboxTypes(afterStart)).toEqual(connectorTypes().sort());
  });
});
