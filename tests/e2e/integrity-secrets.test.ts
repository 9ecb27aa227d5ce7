import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { runCli, workspaceFor, type CliResult } from '../helpers/cli.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 120,
  seed: 29,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});
const KEY_FILE = join('secrets', 'bamboohr.key');

let sandbox: RunningSandbox;
let secret = '';
beforeAll(async () => {
  sandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
  secret = Object.values(sandbox.env)[0] ?? '';
});
afterAll(async () => sandbox.close());

/**
 * The forms a secret could leak in: as is, base64 (alone or as Basic auth's `key:x`), URL-encoded, hex of its bytes.
 */
const formsOf = (s: string): Record<string, string> => {
  const b64 = Buffer.from(s).toString('base64');
  return {
    raw: s,
    base64: b64.slice(0, Math.floor(s.length / 3) * 4),
    base64url: Buffer.from(s)
      .toString('base64url')
      .slice(0, Math.floor(s.length / 3) * 4),
    urlEncoded: encodeURIComponent(s),
    hex: Buffer.from(s).toString('hex'),
  };
};

/** A workspace whose API key is read from a file (which a careless config also names as evidence). */
const workspace = (evidenceAtSecret: boolean) => {
  const ws = workspaceFor(sandbox, org);
  mkdirSync(join(ws.dir, 'secrets'));
  writeFileSync(join(ws.dir, KEY_FILE), `${secret}\n`);
  const raw: unknown = parse(readFileSync(ws.config, 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('connectors' in raw) || !Array.isArray(raw.connectors))
    throw new Error('config');
  const connectors: unknown[] = raw.connectors.map((c: unknown) =>
    typeof c === 'object' && c !== null ? { ...c, auth: { apiKey: { file: KEY_FILE } } } : c,
  );
  const evidence = 'evidence' in raw && typeof raw.evidence === 'object' ? raw.evidence : {};
  const config = {
    ...raw,
    connectors,
    evidence: evidenceAtSecret ? { ...evidence, certifications: KEY_FILE } : evidence,
  };
  writeFileSync(ws.config, stringify(config));
  // The key reaches the CLI through the file only: no environment variable holds it.
  const cli = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: {} });
  return { ...ws, cli };
};

/** Every file under dir but the secret itself, as bytes. */
const filesUnder = (dir: string): { name: string; bytes: Buffer }[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => ({ name, path: join(dir, name) }))
    .filter((f) => f.name !== KEY_FILE && statSync(f.path).isFile())
    .map((f) => ({ name: relative(dir, f.path), bytes: readFileSync(f.path) }));

const leaks = (outputs: { name: string; bytes: Buffer }[]): string[] => {
  const found: string[] = [];
  for (const [form, needle] of Object.entries(formsOf(secret)))
    for (const o of outputs)
      if (o.bytes.includes(Buffer.from(needle)) || o.bytes.includes(Buffer.from(needle.toLowerCase())))
        found.push(`${form} in ${o.name}`);
  return found;
};

const asOutputs = (label: string, r: CliResult) => [
  { name: `${label} stdout`, bytes: Buffer.from(r.stdout) },
  { name: `${label} stderr`, bytes: Buffer.from(r.stderr) },
];

// CLI runs in child processes: generous on a loaded 2-core machine.
describe('secrets never leave the secret file', { timeout: 600_000 }, () => {
  it('an evidence path pointing at the key file: the key is in no error, state row, status or import output', async () => {
    const ws = workspace(true);
    const plan = await ws.cli(['plan']);
    expect(plan.code).toBe(1);
    const status = await ws.cli(['status', '--json']);
    const imported = await ws.cli(['import', 'certifications', KEY_FILE]);
    const outputs = [
      ...asOutputs('plan', plan),
      ...asOutputs('status', status),
      ...asOutputs('import', imported),
      ...filesUnder(ws.dir),
    ];
    expect(leaks(outputs)).toEqual([]);
    // The failure is still recorded, with its reason.
    expect(status.stdout).toContain('"status": "failed"');
  });

  it('a 20 MB CSV header becomes a short error and a short database row', async () => {
    const ws = workspace(false);
    const header = `${'x'.repeat(20 * 1024 * 1024)},issued_on\n`;
    writeFileSync(join(ws.dir, 'data', 'certifications.csv'), `${header}a,2027-01-01\n`);
    const plan = await ws.cli(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr.length).toBeLessThan(4096);
    const db = new Database(join(ws.dir, '.fluencyflow', 'state.db'), { readonly: true });
    const sizes = db.prepare('SELECT LENGTH(summary) AS n FROM runs').all();
    db.close();
    for (const s of sizes) expect(typeof s === 'object' && s !== null && 'n' in s ? Number(s.n) : 0).toBeLessThan(4096);
  });

  it('check, plan, apply, status, explain, report, audit export: no form of the key in any byte written', async () => {
    const ws = workspace(false);
    const person = org.employees.find((e) => e.status === 'active' && e.email);
    const runs: [string, string[]][] = [
      ['check', ['check', '--verbose']],
      ['plan', ['plan', '--out', 'plan.json', '--verbose']],
      ['apply', ['apply', 'plan.json', '--yes', '--verbose']],
      ['status', ['status']],
      ['status-json', ['status', '--json']],
      ['explain', ['explain', person?.id ?? '1', '--verbose']],
      ['report', ['report', '--out', 'report']],
      ['committee', ['report', '--committee', '--out', 'committee']],
      ['audit', ['audit', 'export', '--out', 'audit.ndjson']],
    ];
    const outputs: { name: string; bytes: Buffer }[] = [];
    for (const [label, args] of runs) {
      const r = await ws.cli(args);
      expect(r.code === 0 || (label === 'plan' && r.code === 2), `${label}: ${r.stderr}`).toBe(true);
      outputs.push(...asOutputs(label, r));
    }
    outputs.push(...filesUnder(ws.dir));
    const bytes = outputs.reduce((n, o) => n + o.bytes.length, 0);
    expect(outputs.some((o) => o.name.includes('state.db'))).toBe(true);
    expect(bytes).toBeGreaterThan(100_000);
    expect(leaks(outputs)).toEqual([]);
    console.info(
      `secrets scan: ${outputs.length} outputs, ${bytes} bytes, ${Object.keys(formsOf(secret)).length} ` +
        `forms: ${leaks(outputs).length} found`,
    );
  });
});
