import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { connectorTypes } from '../../connectors/index.js';
import { CLI_TEST_TIMEOUT, runCli, workspaceFor } from '../helpers/cli.js';
import { suiteSandbox } from '../helpers/suite-sandbox.js';

const { org, sandbox } = suiteSandbox('bamboohr', { employees: 120, seed: 21 });

describe('the other commands an admin uses', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('init writes an annotated config that validates, and refuses to overwrite it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-init-'));
    const first = await runCli(['init', '--hris', 'bamboohr'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const text = readFileSync(join(dir, 'fluencyflow.yaml'), 'utf8');
    expect(text).toContain('# The ladder');
    const parsed: unknown = parse(text);
    expect(parsed).toMatchObject({ version: 1, connectors: [{ type: 'bamboohr' }] });
    // Editors validate it: the first line names the schema written beside it, and that schema accepts the config
    // and refuses a misspelt key.
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./fluencyflow.schema.json');
    const validate = new Ajv2020({ strict: false }).compile(
      JSON.parse(readFileSync(join(dir, 'fluencyflow.schema.json'), 'utf8')),
    );
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(Object.assign({}, parsed, { ladderr: [] }))).toBe(false);
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    // Every registered HRIS at once.
    const all = await runCli(['init', '--force'], { cwd: dir });
    expect(all.code).toBe(0);
    expect(parse(readFileSync(join(dir, 'fluencyflow.yaml'), 'utf8'))).toMatchObject({
      connectors: connectorTypes().map((type) => ({ type })),
    });
  });

  it('a closed pipe (`status | head`) ends quietly: no stack trace, exit 0, the work still done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-pipe-'));
    // The reader goes away before the CLI prints anything, as `head` does after its first lines.
    const init = await runCli(['init', '--hris', 'workday'], { cwd: dir, onSpawn: (child) => child.stdout?.destroy() });
    expect(init.stderr).not.toMatch(/EPIPE|Error:|at .*\.js:\d+/);
    expect(init.code).toBe(0);
    expect(existsSync(join(dir, 'fluencyflow.yaml'))).toBe(true);
    const schema = await runCli(['schema'], { cwd: dir, onSpawn: (child) => child.stdout?.destroy() });
    expect(schema.stderr).toBe('');
    expect(schema.code).toBe(0);
  });

  it('check and discover report the tenant', async () => {
    const ws = workspaceFor(sandbox(), org);
    const check = await runCli(['check', '--config', ws.config], { cwd: ws.dir, env: sandbox().env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).not.toContain('FAIL');
    expect(check.stdout).toMatch(/: valid; every check passed\n$/);
    // A config that parses but names a grade the tenant lacks is not called valid.
    const typo = workspaceFor(sandbox(), org, {
      grades: { order: org.grades.map((g, i) => (i === 2 ? `${g}x` : g)), expect: [{ level: 'foundational' }] },
    });
    const bad = await runCli(['check', '--config', typo.config], { cwd: typo.dir, env: sandbox().env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).not.toContain('valid; every check passed');
    expect(bad.stdout).toMatch(/not valid for these tenants; \d+ check\(s\) failed: .*grades/);
    const discover = await runCli(['discover', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox().env });
    expect(discover.code).toBe(0);
    const d: unknown = JSON.parse(discover.stdout);
    expect(JSON.stringify(d)).toContain('customAIFluencyEligibility');
  });

  it('import reports bad rows by line, and a second import of the same file changes nothing', async () => {
    const ws = workspaceFor(sandbox(), org);
    const file = join(ws.dir, 'extra.csv');
    writeFileSync(
      file,
      'employee,issuer,credential,issued_on,expires_on,verification_url\r\n' +
        `${org.employees[3]?.email ?? ''},google,ai-essentials,2027-01-10,,\r\n` +
        'x@example.com,google,ai-essentials,not-a-date,,\r\n',
    );
    const first = await runCli(['import', 'certifications', file, '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/2 read, 1 loaded, 1 bad row/);
    expect(first.stdout).toContain('extra.csv:3');
    const second = await runCli(['import', 'certifications', file, '--config', ws.config, '--json'], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(JSON.parse(second.stdout)).toMatchObject({ unchanged: true });
    const unknown = await runCli(['import', 'horoscopes', file, '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('FF_USAGE');
  });

  it('explain shows what counted and what did not; evidence --json gives NDJSON for everyone; status shows thresholds and signals', async () => {
    const ws = workspaceFor(sandbox(), org);
    const person = org.employees.find((e) => e.status === 'active' && e.grade !== 'X-LEGACY');
    if (!person?.email) throw new Error('fixture');
    const explain = await runCli(['explain', person.email.toUpperCase(), '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain(`sub/${person.id}`);
    expect(explain.stdout).toMatch(/Level held: .*; expected: .*; status: /);
    expect(explain.stdout).toContain('Evidence that counted:');
    expect(explain.stdout).toContain('Evidence that did not count:');
    const json = await runCli(['explain', person.id, '--config', ws.config, '--json'], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      employee: { id: person.id },
      evaluation: { employeeId: person.id },
    });
    const missing = await runCli(['explain', 'nobody@nowhere.example', '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no employee matches');

    const evidence = await runCli(['evidence', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox().env });
    const lines = evidence.stdout.trim().split('\n');
    expect(lines).toHaveLength(org.employees.length);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('levelHeld');

    expect((await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env: sandbox().env })).code).toBe(0);
    const status = await runCli(['status', '--config', ws.config], { cwd: ws.dir, env: sandbox().env });
    expect(status.stdout).toMatch(/employees with the goal: 100\.0% of \d+ \(target 100%\)/);
    expect(status.stdout).toMatch(/gaming signals: certified-inactive \d+, burst \d+, too fast \d+ of \d+ judged/);
  });

  it('report writes the dashboard and the committee list; schema prints the JSON Schema', async () => {
    const ws = workspaceFor(sandbox(), org);
    const report = await runCli(['report', '--config', ws.config, '--out', 'dash'], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(report.code, report.stderr).toBe(0);
    expect(existsSync(join(ws.dir, 'dash', 'index.html'))).toBe(true);
    expect(existsSync(join(ws.dir, 'dash', 'metrics.json'))).toBe(true);
    const committee = await runCli(['report', '--committee', '--config', ws.config, '--out', 'committee'], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(committee.code, committee.stderr).toBe(0);
    expect(existsSync(join(ws.dir, 'committee', 'committee.csv'))).toBe(true);
    const schema = await runCli(['schema'], { cwd: ws.dir });
    const s: unknown = JSON.parse(schema.stdout);
    expect(s).toMatchObject({
      title: 'fluencyflow.yaml',
      properties: { ladder: { type: 'array' }, connectors: { items: { oneOf: expect.any(Array) } } },
    });
    expect(JSON.stringify(s)).toContain('companyDomain');
  });
});
