import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bamboohrConnector } from '../../connectors/bamboohr/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { sha256, stableStringify } from '../../src/core/hash.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { runCli, workspaceFor } from '../helpers/cli.js';

const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 150,
  seed: 11,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});
const running: RunningSandbox[] = [];
afterEach(async () => {
  while (running.length) await running.pop()?.close();
});

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const changesOf = (p: Json): Json[] => (Array.isArray(p.changes) ? p.changes.filter(isObj) : []);

/** The forgeries of the issue: a flag turned eligible with a made-up reason, a goal title, a copied exception note. */
const forge = (p: Json): { forged: Json; keys: string[] } => {
  const changes = changesOf(p).map((c) => structuredClone(c));
  const flag = changes.find((c) => c.kind === 'eligibility' && isObj(c.after) && c.after.value === 'not-eligible');
  const goal = changes.find((c) => c.kind === 'goal');
  const note = changes.find((c) => c.kind === 'exception-note');
  if (!flag || !goal || !note || !isObj(flag.after) || !isObj(goal.after))
    throw new Error('the plan lacks a change to forge');
  flag.after = { ...flag.after, value: 'eligible', reason: 'approved by the VP (see e-mail)' };
  goal.after = { ...goal.after, title: 'Stretch goal: none' };
  const victim = changes.find((c) => c.kind === 'goal' && c.employeeId !== note.employeeId);
  if (!victim) throw new Error('no second employee');
  const copy = {
    ...structuredClone(note),
    employeeId: victim.employeeId,
    key: `${String(note.key).slice(0, 10)}forged0000`,
  };
  changes.push(copy);
  return { forged: { ...p, changes }, keys: [String(flag.key), String(goal.key), String(copy.key)] };
};

const setup = async () => {
  const sandbox = await bamboohrConnector.sandbox.start({ org, port: 0 });
  running.push(sandbox);
  const ws = workspaceFor(sandbox, org);
  const file = join(ws.dir, 'plan.json');
  const plan = await runCli(['plan', '--out', file, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
  expect(plan.code, plan.stderr).toBe(2);
  const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isObj(saved)) throw new Error('plan file is not an object');
  return { sandbox, ws, file, saved };
};

// CLI runs in child processes: generous on a loaded 2-core machine.
describe('plan integrity', { timeout: 600_000 }, () => {
  it('refuses an edited plan file before reading the HRIS, naming the file; nothing is written', async () => {
    const { sandbox, ws, file, saved } = await setup();
    writeFileSync(file, `${JSON.stringify(forge(saved).forged, null, 2)}\n`);
    const before = sandbox.snapshot();
    sandbox.resetStats();
    const res = await runCli(['apply', file, '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('FF_PLAN_TAMPERED');
    expect(res.stderr).toContain(file);
    expect(sandbox.stats().requests).toBe(0);
    expect(sandbox.snapshot()).toEqual(before);
  });

  it('refuses forged changes whose digest was recomputed, naming each, and writes nothing', async () => {
    const { sandbox, ws, file, saved } = await setup();
    const { forged, keys } = forge(saved);
    // A forger who knows the digest's recipe: the digest matches, the changes are still not the engine's.
    const body = Object.fromEntries(Object.entries(forged).filter(([k]) => k !== 'digest'));
    writeFileSync(file, `${JSON.stringify({ ...body, digest: sha256(stableStringify(body)) }, null, 2)}\n`);
    const before = sandbox.snapshot();
    sandbox.resetStats();
    const res = await runCli(['apply', file, '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('FF_PLAN_TAMPERED');
    for (const k of keys) expect(res.stderr).toContain(k);
    expect(sandbox.stats().writes).toBe(0);
    expect(sandbox.snapshot()).toEqual(before);
  });

  it('applies an untouched saved plan, after which nothing is left to plan', async () => {
    const { sandbox, ws, file } = await setup();
    const res = await runCli(['apply', file, '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(res.code, res.stderr).toBe(0);
    const again = await runCli(['plan', '--config', ws.config], { cwd: ws.dir, env: sandbox.env });
    expect(again.code, again.stdout).toBe(0);
  });
});
