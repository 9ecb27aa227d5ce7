import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, stableStringify } from '../../../src/core/hash.js';
import { employeeFingerprint } from '../../../src/core/plan.js';

describe('stableStringify', () => {
  it('sorts the keys of every object by UTF-16 code units, integer-like keys included', () => {
    // V8 enumerates integer-like keys first, ascending; the stable text sorts them as strings like the rest.
    const value = { b: 1, a: { 9: 'nine', 10: 'ten', B: 'upper', é: 'accent', z: 'z' }, '\u{1F600}': 1, '\uFB01': 2 };
    expect(stableStringify(value)).toBe(
      '{"a":{"10":"ten","9":"nine","B":"upper","z":"z","é":"accent"},"b":1,"\u{1F600}":1,"\uFB01":2}',
    );
  });

  it('leaves out undefined properties, writes undefined array items and non-finite numbers as null', () => {
    expect(stableStringify({ a: undefined, b: [undefined, NaN, -0, 'x"\n'], c: null })).toBe(
      '{"b":[null,null,0,"x\\"\\n"],"c":null}',
    );
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify('text')).toBe('"text"');
  });

  it('writes each object with its own keys only, whatever names other objects in the value use', () => {
    const value = { list: [{ id: 1 }, { id: 2, name: 'n' }, {}], name: 'top', nested: { list: [] } };
    expect(stableStringify(value)).toBe('{"list":[{"id":1},{"id":2,"name":"n"},{}],"name":"top","nested":{"list":[]}}');
  });

  it('writes what is not plain data from own keys: a Date is {}, inherited properties are left out', () => {
    const inherited: object = Object.create({ hidden: 1 });
    Object.assign(inherited, { own: 2 });
    const parsed: unknown = JSON.parse('{"__proto__":{"x":1},"a":2}');
    expect(stableStringify({ at: new Date(0), inherited })).toBe('{"at":{},"inherited":{"own":2}}');
    expect(stableStringify(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
    expect(stableStringify(Object.assign(Object.create(null), { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });
});

describe('employeeFingerprint', () => {
  it('is the SHA-256 of the stable JSON of the employee and their current state', () => {
    const employee = {
      id: '7',
      connector: 'hr',
      grade: 'G2',
      jobHistory: [{ grade: 'G2', effectiveDate: '2020-01-01' }],
    };
    const current = { goals: [], eligibility: null, exceptionNotes: [] };
    const text =
      '{"current":{"eligibility":null,"exceptionNotes":[],"goals":[]},' +
      '"employee":{"connector":"hr","grade":"G2","id":"7","jobHistory":[{"effectiveDate":"2020-01-01","grade":"G2"}]}}';
    expect(employeeFingerprint(employee, current)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
