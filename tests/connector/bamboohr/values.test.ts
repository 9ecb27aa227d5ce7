import { describe, expect, it } from 'vitest';
import { bamboohrConfigSchema } from '../../../connectors/bamboohr/config.js';
import type { ResolvedField } from '../../../connectors/bamboohr/fields.js';
import { closest } from '../../../connectors/bamboohr/suggest.js';
import { resolveEligibility } from '../../../connectors/bamboohr/values.js';
import type { WireList } from '../../../connectors/bamboohr/wire-schemas.js';
import { FluencyError } from '../../../src/errors.js';

const base = {
  id: 'sub',
  type: 'bamboohr',
  companyDomain: 'acme',
  auth: { apiKey: { env: 'K' } },
  grade: { field: 'jobLevel' },
  fields: { eligibility: 'customFlag', reason: 'customReason' },
  exceptionTable: 't',
};
const config = (values?: Record<string, string>) =>
  bamboohrConfigSchema.parse(values === undefined ? base : { ...base, values });
const field: ResolvedField = { id: '4402', name: 'Flag', type: 'list', alias: 'customFlag', key: 'customFlag' };
const list = (options: [string, 'yes' | 'no'][], fieldId = '4402'): WireList[] => [
  { fieldId, name: 'Flag', options: options.map(([name, archived], i) => ({ id: String(900 + i), name, archived })) },
];
const resolve = (
  options: [string, 'yes' | 'no'][],
  values?: Record<string, string>,
  f: ResolvedField | undefined = field,
) => resolveEligibility({ config: config(values), configPath: 'connectors[2]', field: f, lists: list(options) });
const thrown = (run: () => unknown): FluencyError => {
  try {
    run();
  } catch (e) {
    if (e instanceof FluencyError) return e;
  }
  throw new Error('expected a FluencyError');
};

describe('BambooHR eligibility values from the tenant', () => {
  it('picks options by meaning, in any case, and never an archived one', () => {
    expect(
      resolve([
        ['Eligible', 'no'],
        ['Not Eligible', 'no'],
      ]),
    ).toMatchObject({ eligible: 'Eligible', notEligible: 'Not Eligible' });
    const r = resolve([
      ['eligible', 'yes'],
      ['Yes', 'no'],
      ['No', 'no'],
    ]);
    expect(r).toMatchObject({ eligible: 'Yes', notEligible: 'No' });
    expect(r.choices[0]).toMatchObject({
      source: 'tenant',
      configPath: 'connectors[2].values.eligible',
      from: '/v1/meta/lists field 4402 (customFlag)',
    });
  });

  it('takes a configured option matched in any case, written as the tenant spells it', () => {
    const r = resolve(
      [
        ['Yes', 'no'],
        ['No', 'no'],
      ],
      { eligible: 'YES', notEligible: 'no' },
    );
    expect(r.choices.map((c) => [c.value, c.source])).toEqual([
      ['Yes', 'config'],
      ['No', 'config'],
    ]);
  });

  it('refuses an archived or unknown configured option, naming the path and the valid ones', () => {
    const archived = thrown(() =>
      resolve(
        [
          ['eligible', 'yes'],
          ['Yes', 'no'],
          ['No', 'no'],
        ],
        { eligible: 'eligible' },
      ),
    );
    expect(archived.code).toBe('FF_TENANT_VALUE');
    expect(archived.where).toBe('connectors[2].values.eligible');
    expect(archived.message).toMatch(/"eligible" is archived in .*valid: Yes, No$/);
    const unknown = thrown(() =>
      resolve(
        [
          ['Yes', 'no'],
          ['No', 'no'],
        ],
        { notEligible: 'Nope' },
      ),
    );
    expect(unknown.message).toMatch(/^connectors\[2\]\.values\.notEligible: "Nope" is not in .*valid: Yes, No$/);
  });

  it('refuses a list with no option for a meaning, and one option for both meanings', () => {
    expect(
      thrown(() =>
        resolve([
          ['Yes', 'no'],
          ['Maybe', 'no'],
        ]),
      ).message,
    ).toMatch(/no value .* means "not-eligible"; valid: Yes, Maybe\. Name one/);
    expect(thrown(() => resolve([['Yes', 'no']], { notEligible: 'yes' })).message).toMatch(
      /"Yes" would be written for both "eligible" and "not-eligible"/,
    );
    expect(
      thrown(() => resolveEligibility({ config: config(), configPath: 'c', field, lists: list([['Yes', 'no']], '1') }))
        .message,
    ).toMatch(/the list is empty/);
  });

  it('a field that is not a list goes unchecked; a missing field is a set-up problem at its config path', () => {
    const text = resolve([], undefined, { ...field, type: 'text' });
    expect(text.choices.map((c) => [c.value, c.source])).toEqual([
      ['eligible', 'unchecked'],
      ['not-eligible', 'unchecked'],
    ]);
    const missing = thrown(() =>
      resolveEligibility({ config: config(), configPath: 'connectors[2]', field: undefined, lists: [] }),
    );
    expect(missing.code).toBe('FF_SETUP_MISSING');
    expect(missing.where).toBe('connectors[2].fields.eligibility');
  });
});

describe('did you mean', () => {
  it('finds typos, case and containment; stays silent for unrelated names', () => {
    const names = ['customAIFluencyEligibility', 'customAIFluencyReason', 'jobLevel', 'Job Family'];
    expect(closest('customAiFluencyEligibilty', names)).toBe('customAIFluencyEligibility');
    expect(closest('joblevel', names)).toBe('jobLevel');
    expect(closest('JobFamily', names)).toBe('Job Family');
    expect(closest('payrollRegion', names)).toBeUndefined();
  });
});
