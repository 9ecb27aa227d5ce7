import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText } from '../../../src/engine/load-config.js';
import { ConfigError } from '../../../src/errors.js';
import { baseConfigInput } from '../../helpers/config.js';

const text = (over: Record<string, unknown> = {}) => stringify({ ...baseConfigInput(), ...over });
const fail = (t: string): ConfigError => {
  try {
    parseConfigText({ text: t, path: 'fluencyflow.yaml' });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('config loading', () => {
  it('accepts the DESIGN example, unquoted YAML dates included', () => {
    const t = text()
      .replace("start: '2027-01-01'", 'start: 2027-01-01')
      .replace("end: '2027-12-31'", 'end: 2027-12-31');
    expect(t).toContain('start: 2027-01-01');
    const { config } = parseConfigText({ text: t, path: 'x.yaml' });
    expect(config.cycle.start).toBe('2027-01-01');
    expect(config.goal.weights).toEqual({ credential: 50, use: 50 });
    expect(config.privacy.minGroupSize).toBe(5);
    expect(config.ladder[1]?.name).toBe('Practitioner');
  });

  it('names the file, the line and the path of a wrong value', () => {
    const t = text().replace('minActiveDays: 8', 'minActiveDays: eight');
    const line = t.split('\n').findIndex((l) => l.includes('eight')) + 1;
    const e = fail(t);
    expect(e.code).toBe('FF_CONFIG_INVALID');
    expect(e.message).toMatch(
      new RegExp(`^fluencyflow\\.yaml:${line}: ladder\\[1\\]\\.evidence\\.use\\.minActiveDays: `),
    );
  });

  it.each([
    [
      'an unknown level in an expectation',
      { grades: { order: ['G1', 'G2'], expect: [{ level: 'wizard' }] } },
      'grades.expect[0].level: unknown level "wizard"',
    ],
    [
      'a fromGrade outside the order',
      { grades: { order: ['G1', 'G2'], expect: [{ level: 'expert', fromGrade: 'G9' }] } },
      'grades.expect[0].fromGrade: grade "G9" is not in grades.order',
    ],
    ['a ladder of two', { ladder: baseConfigInput().ladder.slice(0, 2) }, 'ladder: a ladder has at least three levels'],
    ['an inline secret-looking key at the top', { apiKey: 'abc' }, 'Unrecognized key'],
    [
      'a cycle ending before it starts',
      { cycle: { id: 'X', start: '2027-05-01', end: '2027-01-01' } },
      'cycle.end: cycle.start must not be after cycle.end',
    ],
    [
      'an unknown time zone',
      { cycle: { id: 'X', start: '2027-01-01', end: '2027-12-31', zone: 'Mars/Olympus' } },
      'cycle.zone: unknown IANA time zone',
    ],
    ['an impossible date', { asOf: '2027-02-30' }, 'asOf: not a real calendar date'],
    [
      'duplicate connector ids',
      {
        connectors: [
          { id: 'a', type: 'bamboohr' },
          { id: 'a', type: 'workday' },
        ],
      },
      'connectors[1].id: duplicate connector id "a"',
    ],
  ])('%s', (_n, over, message) => {
    expect(fail(text(over)).message).toContain(message);
  });

  it('reports broken YAML with its line', () => {
    expect(fail('version: 1\norganization: [unclosed\n').message).toMatch(/^fluencyflow\.yaml:\d+: YAML: /);
  });
});
