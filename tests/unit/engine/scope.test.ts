import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { employee, type AuditRecord, type Employee } from '../../../schemas/index.js';
import { reconcileOpenIntents } from '../../../src/apply/reconcile.js';
import { StateStore } from '../../../src/state/state-store.js';
import { FluencyError } from '../../../src/errors.js';
import { parseScopeArg, partitionByScope, resolveScope } from '../../../src/engine/scope.js';
import { makeConfig } from '../../helpers/config.js';

const person = (id: string, over: Partial<Employee> = {}): { employee: Employee } => ({
  employee: employee.parse({
    connector: 'us',
    id,
    status: 'active',
    email: `p${id}@example.com`,
    employeeNumber: `N${id}`,
    department: 'Engineering',
    location: 'Berlin',
    grade: 'G5',
    jobFamilies: ['Software'],
    ...over,
  }),
});

const people = [
  person('1'),
  person('2', { department: 'Sales', location: 'Paris' }),
  person('3', { department: 'Sales', grade: 'G7', jobFamilies: ['Data Science', 'Software'] }),
  person('4', { connector: 'eu', department: 'Finance' }),
];
const ids = (r: { kept: { employee: Employee }[] }) => r.kept.map((k) => `${k.employee.connector}/${k.employee.id}`);

const thrown = (f: () => unknown): FluencyError => {
  try {
    f();
  } catch (e) {
    if (e instanceof FluencyError) return e;
    throw e;
  }
  throw new Error('no error thrown');
};

describe('scope', () => {
  it('parses --scope: keys and values, repeated keys as alternatives, pilot:name', () => {
    expect(parseScopeArg('department=Engineering,connector=us')).toEqual({
      department: ['Engineering'],
      connector: ['us'],
    });
    expect(parseScopeArg('department=Sales, department=Finance,job-family=Data Science')).toEqual({
      department: ['Sales', 'Finance'],
      jobFamily: ['Data Science'],
    });
    expect(parseScopeArg('pilot:wave1')).toEqual({ pilot: ['wave1'] });
    expect(thrown(() => parseScopeArg('departmnt=Sales')).message).toContain('did you mean "department"');
    expect(thrown(() => parseScopeArg('Sales')).message).toContain('not key=value');
  });

  it('keeps only who matches every key, counts the others, and applies scope.exclude', async () => {
    const config = makeConfig({ scope: { include: { department: ['Sales', 'Finance'] }, exclude: { grade: 'G7' } } });
    const scope = await resolveScope({ config, configDir: tmpdir() });
    const r = partitionByScope(scope, people);
    expect(ids(r)).toEqual(['us/2', 'eu/4']);
    expect(r.outOfScope).toBe(2);
    expect(scope?.label).toBe('department=Sales|Finance; excluding grade=G7');
    // --scope replaces the include; the exclude still applies.
    const cli = await resolveScope({ config, configDir: tmpdir(), cli: 'jobFamily=data science,connector=us' });
    expect(() => partitionByScope(cli, people)).toThrow(/matches nobody/);
    const fam = await resolveScope({ config: makeConfig(), configDir: tmpdir(), cli: 'jobFamily=data science' });
    expect(ids(partitionByScope(fam, people))).toEqual(['us/3']);
  });

  it('reads employee lists and pilot groups by id, employee number or work e-mail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-scope-'));
    writeFileSync(join(dir, 'wave1.txt'), '# pilot wave 1\n1\n\nN3\r\nP4@EXAMPLE.COM\n');
    const config = makeConfig({ scope: { pilotGroups: { wave1: 'wave1.txt' } } });
    const scope = await resolveScope({ config, configDir: dir, cli: 'pilot:wave1' });
    expect(ids(partitionByScope(scope, people))).toEqual(['us/1', 'us/3', 'eu/4']);
    const other = await resolveScope({ config, configDir: dir, cli: 'pilot:wave1,department=Sales' });
    expect(ids(partitionByScope(other, people))).toEqual(['us/3']);
    await expect(resolveScope({ config, configDir: dir, cli: 'pilot:wave2' })).rejects.toThrow(
      /no pilot group "wave2" \(did you mean "wave1"\?\)/,
    );
    expect(scope?.key).not.toBe(other?.key);
  });

  it('a scope that matches nobody is an error naming the typo with a suggestion', async () => {
    const scope = await resolveScope({ config: makeConfig(), configDir: tmpdir(), cli: 'department=Enginering' });
    const e = thrown(() => partitionByScope(scope, people));
    expect(e.code).toBe('FF_USAGE');
    expect(e.message).toContain('matches nobody of the 4 employees read');
    expect(e.message).toContain('department "Enginering" matches nobody (did you mean "Engineering"?)');
    const pari = makeConfig({ scope: { include: { location: 'Pari' } } });
    const fromConfig = await resolveScope({ config: pari, configDir: tmpdir() });
    const c = thrown(() => partitionByScope(fromConfig, people));
    expect(c.code).toBe('FF_CONFIG_INVALID');
    expect(c.message).toContain('did you mean "Paris"');
    // One unmatched value in a scope that still holds people is reported, not fatal.
    const cli = 'department=Sales,department=Slaes';
    const partly = await resolveScope({ config: makeConfig(), configDir: tmpdir(), cli });
    const r = partitionByScope(partly, people);
    expect(ids(r)).toEqual(['us/2', 'us/3']);
    expect(r.issues.map((i) => i.code)).toEqual(['SCOPE_VALUE_UNMATCHED']);
  });

  it('no scope keeps everyone', async () => {
    expect(await resolveScope({ config: makeConfig(), configDir: tmpdir() })).toBeNull();
    expect(partitionByScope(null, people).kept).toHaveLength(4);
  });
});

describe('a scoped run and interrupted writes', () => {
  it("settles only the open intents of employees it read; the others' stay open for a run that covers them", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ff-scope-audit-')), 'state.db');
    const alive = new Set([1, 2]);
    const id = (pid: number) => ({ pid, host: 'h', isAlive: (p: number) => alive.has(p), clock: () => 0 });
    const intent = (key: string): AuditRecord => ({
      at: '2027-01-01T00:00:00Z',
      runId: 'killed',
      actor: 'x',
      connector: 'us',
      employeeId: key,
      changeKey: key,
      kind: 'eligibility',
      action: 'update',
      before: null,
      after: { value: 'eligible', reason: 'x' },
      outcome: 'pending',
      phase: 'intent',
      errorCode: null,
      errorMessage: null,
      requestId: null,
    });
    const dead = new StateStore(path, () => '2027-01-01T00:00:00Z', [], id(1));
    dead.startRun({ id: 'killed', command: 'apply', actor: 'x', asOf: null });
    dead.appendAuditMany([intent('in'), intent('out')]);
    alive.delete(1);
    const live = new StateStore(path, () => '2027-01-01T00:00:00Z', [], id(2));
    live.startRun({ id: 'next', command: 'plan', actor: 'y', asOf: null });
    const by = { runId: 'next', actor: 'y', at: '2027-01-02T00:00:00Z' };
    expect(reconcileOpenIntents(live, [], by, (_, employeeId) => employeeId === 'in')).toBe(1);
    expect(live.openIntents().map((i) => i.employeeId)).toEqual(['out']);
    dead.close();
    live.close();
  });
});
