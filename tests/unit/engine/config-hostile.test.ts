import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isoDate } from '../../../schemas/common.js';
import {
  loadConfigFile,
  MAX_CONFIG_ALIASES,
  MAX_CONFIG_BYTES,
  parseConfigText,
} from '../../../src/engine/load-config.js';
import { FluencyError } from '../../../src/errors.js';
import { baseConfigInput } from '../../helpers/config.js';

const base = stringify(baseConfigInput());
const dir = mkdtempSync(join(tmpdir(), 'ff-config-hostile-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const failure = (run: () => unknown): FluencyError => {
  try {
    run();
  } catch (e) {
    if (e instanceof FluencyError) return e;
    throw e;
  }
  throw new Error('expected a FluencyError');
};

describe('config files a careless or hostile user writes', () => {
  it('refuses a file over the size limit before parsing it, with FF_CONFIG_LIMIT', () => {
    const path = file('big.yaml', `${base}# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    const e = failure(() => loadConfigFile(path));
    expect(e.code).toBe('FF_CONFIG_LIMIT');
    expect(e.message).toContain('larger than 1 MB');
    expect(e.message.length).toBeLessThan(300);
    // Just under the limit is read (and validated as usual).
    expect(
      loadConfigFile(file('ok.yaml', `${base}# ${'x'.repeat(MAX_CONFIG_BYTES - base.length - 10)}\n`)).config
        .organization,
    ).toBeTruthy();
  });

  it('refuses a YAML alias bomb with FF_CONFIG_LIMIT, quickly', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const e = failure(() => parseConfigText({ text: `${base}${levels.join('\n')}\n`, path: 'bomb.yaml' }));
    expect(e.code).toBe('FF_CONFIG_LIMIT');
    expect(e.message).toContain(`beyond ${MAX_CONFIG_ALIASES}`);
  });

  it('refuses invalid UTF-8, naming its line', () => {
    const lines = base.split('\n');
    const bytes = Buffer.concat([
      Buffer.from(`${lines.slice(0, 4).join('\n')}\n# caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`\n${lines.slice(4).join('\n')}`),
    ]);
    const e = failure(() => loadConfigFile(file('latin.yaml', bytes)));
    expect(e.code).toBe('FF_CONFIG_INVALID');
    expect(e.message).toBe(`${join(dir, 'latin.yaml')}:5: the config is not valid UTF-8`);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses %s like an unknown key, in strict objects, records and connectors',
    (key) => {
      const cases = [
        `${key}:\n  polluted: true\n${base}`,
        base.replace(/^credentials:\n/m, `credentials:\n  ${key}: x\n`),
        `${base}gaming:\n  minProgrammeDays:\n    ${key}: 3\n`,
        base.replace(/connectors:\n {2}- /, `connectors:\n  - ${key}: 1\n    `),
      ];
      for (const text of cases) {
        const e = failure(() => parseConfigText({ text, path: 'f.yaml' }));
        expect(e.code, text.slice(0, 80)).toBe('FF_CONFIG_INVALID');
        expect(text).not.toBe(base);
        expect(e.message).toMatch(new RegExp(`^f\\.yaml:\\d+: .*unrecognized key "${key}"`, 'i'));
      }
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('accepts dates from year 1000 to 9999, 9999-12-31 as "no end"; refuses years below 1000', () => {
    for (const d of ['1000-01-01', '1969-12-31', '2201-01-01', '9999-12-31']) expect(isoDate.parse(d)).toBe(d);
    for (const d of ['0999-12-31', '0000-01-01', '10000-01-01', '9999-02-30'])
      expect(isoDate.safeParse(d).success, d).toBe(false);
  });
});

describe('config loader properties', () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc
      .array(
        fc.constantFrom(
          'a:',
          ' b',
          '- ',
          '&x ',
          '*x',
          '{',
          '}',
          '[',
          ']',
          '"',
          "'",
          ':',
          '\n',
          '  ',
          '#',
          '__proto__: ',
          '!!str ',
          '<<: *x',
          '\t',
          '---\n',
          'ladder:\n',
        ),
        { maxLength: 80 },
      )
      .map((a) => a.join('')),
    fc
      .tuple(fc.nat(base.length), fc.string({ maxLength: 20 }))
      .map(([at, s]) => base.slice(0, at) + s + base.slice(at)),
  );

  it('random YAML-ish input never crashes: it loads, or fails with a config error naming the file (and line when there is one)', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        try {
          parseConfigText({ text, path: 'p.yaml' });
        } catch (e) {
          expect(e).toBeInstanceOf(FluencyError);
          const err = e instanceof FluencyError ? e : null;
          expect(['FF_CONFIG_INVALID', 'FF_CONFIG_LIMIT']).toContain(err?.code);
          expect(err?.message).toMatch(/^p\.yaml(:\d+)?: /);
        }
      }),
      { numRuns: 400, seed: 1207 },
    );
  });
});
