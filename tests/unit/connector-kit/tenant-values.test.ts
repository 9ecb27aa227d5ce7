import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDistinct,
  chooseValue,
  normalise,
  type ChooseValueInput,
} from '../../../src/connector-kit/tenant-values.js';
import { didYouMean, suggestions } from '../../../src/connector-kit/did-you-mean.js';
import { TenantValueError } from '../../../src/errors.js';

const base: Omit<ChooseValueInput, 'meaning' | 'candidates'> = {
  connector: 'eu',
  list: 'goal status',
  configured: undefined,
  configPath: 'connectors[1].values.goalStatus.achieved',
  from: 'goal plan 3',
  fallback: 'achieved',
};

const thrown = (f: () => unknown): TenantValueError => {
  try {
    f();
  } catch (e) {
    if (e instanceof TenantValueError) return e;
    throw e;
  }
  throw new Error('expected a TenantValueError');
};

describe('chooseValue: the tenant value by meaning', () => {
  const sapTemplate = [{ value: 'On Track' }, { value: 'Behind' }, { value: 'Completed' }, { value: 'Cancelled' }];
  const designDefaults = [
    { value: 'on-track', label: 'On Track' },
    { value: 'behind', label: 'Behind' },
    { value: 'achieved', label: 'Achieved' },
  ];

  it.each([
    ['achieved', sapTemplate, 'Completed'],
    ['achieved', designDefaults, 'achieved'],
    ['on-track', sapTemplate, 'On Track'],
    ['on-track', designDefaults, 'on-track'],
    [
      'behind',
      [
        { value: '2', label: 'At risk' },
        { value: '1', label: 'In progress' },
      ],
      '2',
    ],
    [
      'on-track',
      [
        { value: '2', label: 'At risk' },
        { value: '1', label: 'In progress' },
      ],
      '1',
    ],
  ] as const)('%s in %j is %s', (meaning, candidates, value) => {
    const c = chooseValue({ ...base, meaning, candidates });
    expect(c.value).toBe(value);
    expect(c.source).toBe('tenant');
  });

  it('a configured value must be in the list; matched by label or case, the stored value is written', () => {
    expect(
      chooseValue({ ...base, meaning: 'achieved', configured: 'ACHIEVED', candidates: designDefaults }).value,
    ).toBe('achieved');
    expect(
      chooseValue({
        ...base,
        meaning: 'achieved',
        configured: 'Achieved',
        candidates: [{ value: 'A', label: 'Achieved' }],
      }).value,
    ).toBe('A');
    const e = thrown(() =>
      chooseValue({ ...base, meaning: 'achieved', configured: 'Completed', candidates: designDefaults }),
    );
    expect(e.code).toBe('FF_TENANT_VALUE');
    expect(e.where).toBe('connectors[1].values.goalStatus.achieved');
    expect(e.message).toContain('"Completed" is not in the tenant\'s goal status list (goal plan 3)');
    expect(e.message).toContain('valid: on-track, behind, achieved');
  });

  it('no value meaning it: an error naming the valid values and the config path to set', () => {
    const e = thrown(() =>
      chooseValue({ ...base, meaning: 'achieved', candidates: [{ value: 'Open' }, { value: 'Closed' }] }),
    );
    expect(e.message).toBe(
      "connectors[1].values.goalStatus.achieved: no value in the tenant's goal status list (goal plan 3) " +
        'means "achieved"; valid: Open, Closed. Name one in the config.',
    );
  });

  it('archived options are never chosen, and a configured archived one says so', () => {
    const list = [{ value: 'eligible', archived: true }, { value: 'Eligible (AI)' }, { value: 'Yes' }];
    expect(chooseValue({ ...base, list: 'eligibility', meaning: 'eligible', candidates: list }).value).toBe('Yes');
    expect(
      thrown(() => chooseValue({ ...base, meaning: 'eligible', configured: 'eligible', candidates: list })).message,
    ).toContain('is archived in');
  });

  it('without a readable list, the configured value or the default is written unchecked', () => {
    expect(chooseValue({ ...base, meaning: 'achieved', candidates: null })).toMatchObject({
      value: 'achieved',
      source: 'unchecked',
    });
    expect(chooseValue({ ...base, meaning: 'achieved', configured: 'Done', candidates: null })).toMatchObject({
      value: 'Done',
      source: 'unchecked',
    });
  });

  it('two meanings on one value are refused', () => {
    const yes = chooseValue({
      ...base,
      list: 'eligibility',
      meaning: 'eligible',
      configured: 'Yes',
      candidates: [{ value: 'Yes' }],
    });
    const alsoYes = { ...yes, meaning: 'not-eligible' as const, configPath: 'connectors[1].values.notEligible' };
    expect(() => assertDistinct('eu', [yes, alsoYes])).toThrow(/both "eligible" and "not-eligible"/);
  });

  it('whatever the list, the choice is one of its non-archived values or an error (property)', () => {
    const option = fc.record({
      value: fc.string({ minLength: 1, maxLength: 12 }),
      label: fc.option(fc.string({ maxLength: 12 })),
      archived: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(option, { maxLength: 8 }),
        fc.constantFrom('on-track', 'behind', 'achieved', 'eligible', 'not-eligible' as const),
        (list, meaning) => {
          try {
            const c = chooseValue({ ...base, meaning, candidates: list });
            expect(list.some((o) => !o.archived && o.value === c.value)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(TenantValueError);
          }
        },
      ),
    );
  });

  it('normalise folds case, width and separators', () => {
    expect(normalise(' On_Track ')).toBe('on track');
    expect(normalise('ＯＮ-ＴＲＡＣＫ')).toBe('on track');
  });
});

describe('did you mean', () => {
  it('suggests near names, closest first, and nothing for far ones', () => {
    expect(suggestions('G06', ['G6', 'G7', 'G10'])).toEqual(['G6']);
    expect(didYouMean('Data Sciense', ['Data Science', 'Software Engineering'])).toBe(
      ' (did you mean "Data Science"?)',
    );
    expect(didYouMean('customAIFluencyEligibilty', ['customAIFluencyEligibility', 'customAIFluencyReason'])).toContain(
      'customAIFluencyEligibility',
    );
    expect(didYouMean('Finance', ['Engineering', 'Sales'])).toBe('');
  });
});
