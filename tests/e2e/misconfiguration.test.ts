import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, SandboxOptions } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { FluencyError } from '../../src/errors.js';
import { createEngine, loadConfig } from '../../src/index.js';
import { baseConfigInput } from '../helpers/config.js';
import { fastHttp } from '../helpers/engine.js';
import { pattern } from '../helpers/pattern.js';

/**
 * Every misconfiguration an admin can make is found by `check` and stops `plan` (or is reported by it) before
 * anything is written: the sandbox's write counter stays at 0 through check, plan and apply.
 */
const org = generateSyntheticOrg({
  asOf: '2027-06-30',
  employees: 90,
  seed: 5,
  standardGoalTitle: 'AI fluency development goal FY2027',
  cycleEnd: '2027-12-31',
});

interface Outcome {
  check: { name: string; detail: string }[];
  plan: FluencyError | null;
  writes: number;
}

/** Writes the config (JSON is YAML) with `edit` applied, runs check, plan and, when plan passed, apply. */
const attempt = async (
  sandbox: RunningSandbox,
  edit: (c: Record<string, unknown>, dir: string) => void,
  env: Record<string, string> = {},
): Promise<Outcome> => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-misconfig-'));
  const config: Record<string, unknown> = {
    ...baseConfigInput(),
    asOf: org.asOf,
    cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
    connectors: [sandbox.connectorConfig('c1')],
    state: 'state.db',
  };
  edit(config, dir);
  const file = join(dir, 'fluencyflow.yaml');
  writeFileSync(file, JSON.stringify(config, null, 2));
  const engine = createEngine(loadConfig(file), { env: { ...sandbox.env, ...env }, http: fastHttp() });
  sandbox.resetStats();
  try {
    const results = await engine.check().catch((e: unknown) => {
      if (e instanceof FluencyError)
        return [{ connector: 'error', type: '', items: [{ name: e.code, ok: false, detail: e.message }] }];
      throw e;
    });
    const check = results.flatMap((r) => r.items.filter((i) => !i.ok).map((i) => ({ name: i.name, detail: i.detail })));
    let plan: FluencyError | null = null;
    try {
      await engine.plan();
      await engine.apply();
    } catch (e) {
      if (!(e instanceof FluencyError)) throw e;
      plan = e;
    }
    return { check, plan, writes: sandbox.stats().writes };
  } finally {
    await engine.close();
  }
};

const sandboxFor = (type: string, o: Partial<SandboxOptions> = {}) => {
  const def = connectors[type];
  if (!def) throw new Error(type);
  return def.sandbox.start({ org, port: 0, ...o });
};

describe('misconfigurations the engine finds, on any connector', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await sandboxFor('successfactors');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('a grade typo in grades.order: check names it, plan stops before any write', async () => {
    const o = await attempt(sandbox, (c) => {
      c.grades = {
        order: ['G1', 'G2', 'G3', 'G4', 'G5', 'G06', 'G7', 'G8', 'G9', 'G10'],
        expect: [{ level: 'foundational' }, { level: 'practitioner', fromGrade: 'G7' }],
      };
    });
    expect(o.check.map((i) => i.detail).join('\n')).toMatch(/grades\.order\[5\]: "G06".*did you mean "G6"/);
    expect(o.plan?.code).toBe('FF_CONFIG_INVALID');
    expect(o.plan?.message).toMatch(
      /grades\.order\[5\]: "G06" matches no employee, while \d+ carry "G6".*did you mean "G6"/,
    );
    expect(o.writes).toBe(0);
  });

  it('a job family typo in an expectation rule: plan stops before any write', async () => {
    const o = await attempt(sandbox, (c) => {
      c.grades = {
        order: ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9', 'G10'],
        expect: [{ level: 'foundational' }, { level: 'expert', jobFamilies: ['Data Sciense'] }],
      };
    });
    expect(o.plan?.code).toBe('FF_CONFIG_INVALID');
    expect(o.plan?.where).toBe('grades.expect[1].jobFamilies[0]');
    expect(o.plan?.message).toMatch(/did you mean "Data Science"/);
    expect(o.writes).toBe(0);
  });

  it('an unreadable evidence file: check names the path and a near file, plan stops before any write', async () => {
    const o = await attempt(sandbox, (c, dir) => {
      writeFileSync(
        join(dir, 'certifications.csv'),
        'employee,issuer,credential,issued_on,expires_on,verification_url\n',
      );
      c.evidence = { certifications: 'certificatons.csv' };
    });
    expect(o.check).toContainEqual({
      name: 'evidence evidence.certifications[0]',
      detail: 'evidence.certifications[0]: certificatons.csv: no such file (did you mean "certifications.csv"?)',
    });
    expect(o.plan?.code).toBe('FF_EVIDENCE_INVALID');
    expect(o.plan?.message).toContain('certificatons.csv');
    expect(o.writes).toBe(0);
  });

  it('a wrong time zone: the config is refused with the file, line and the zone meant', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-misconfig-'));
    const file = join(dir, 'fluencyflow.yaml');
    const config = {
      ...baseConfigInput(),
      cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New York' },
      connectors: [sandbox.connectorConfig('c1')],
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    const err: unknown = (() => {
      try {
        loadConfig(file);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FluencyError);
    expect(String(err instanceof Error ? err.message : '')).toMatch(
      pattern([
        /fluencyflow\.yaml:\d+: cycle\.zone: unknown IANA time zone "America\/New York" /,
        /\(did you mean "America\/New_York"\?\)/,
      ]),
    );
  });
});

describe('a grade source that does not fit the policy', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await sandboxFor('workday');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('Workday grade: managementLevel with compensation grades in the order: check fails, plan stops before any write', async () => {
    const o = await attempt(sandbox, (c) => {
      const [block] = Array.isArray(c.connectors) ? c.connectors : [];
      c.connectors = [{ ...(typeof block === 'object' && block !== null ? block : {}), grade: 'managementLevel' }];
    });
    expect(
      o.check.some((i) => i.name === 'grades' && i.detail.includes('check the grade source connectors[0].grade')),
    ).toBe(true);
    expect(o.plan?.code).toBe('FF_CONFIG_INVALID');
    expect(o.plan?.where).toBe('connectors[0].grade');
    expect(o.plan?.message).toMatch(
      /^connectors\[0\]\.grade: \d+ of \d+ active employees of "c1" have a grade grades\.order does not list/,
    );
    expect(o.writes).toBe(0);
  });

  it('a job family typo: check names it where the HRIS lists its families (Workday job profiles)', async () => {
    const o = await attempt(sandbox, (c) => {
      c.grades = {
        order: ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9', 'G10'],
        expect: [{ level: 'foundational' }, { level: 'expert', jobFamilies: ['Data Sciense'] }],
      };
    });
    expect(o.check).toContainEqual({
      name: 'policy job families',
      detail:
        'not in any HRIS, while a close name is: grades.expect[1].jobFamilies[0]: ' +
        '"Data Sciense" (did you mean "Data Science"?)',
    });
    expect(o.plan?.code).toBe('FF_CONFIG_INVALID');
    expect(o.writes).toBe(0);
  });
});
