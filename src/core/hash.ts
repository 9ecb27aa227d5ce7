import { hash } from 'node:crypto';

/** Stable JSON written key by key: for values `sortedCopy` cannot copy (see `stableStringify`). */
const stableStringifyEach = (value: unknown): string => {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${stableStringifyEach(value[i])}`;
    return `${out}]`;
  }
  // The default sort compares UTF-16 code units, as `<` does.
  let out = '{';
  for (const k of Object.keys(value).sort()) {
    const v: unknown = Reflect.get(value, k);
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${stableStringifyEach(v)}`;
  }
  return `${out}}`;
};

/** What `sortedCopy` returns for a value it cannot copy faithfully; `stableStringifyEach` writes that one. */
const NOT_PLAIN: unique symbol = Symbol('not plain data');

/**
 * A copy of `value` whose objects hold their own enumerable keys inserted in sorted order, or `NOT_PLAIN`. V8 keeps
 * insertion order for string keys but puts integer-like keys first, and `__proto__` would set the prototype, so a key
 * starting with a digit or named `__proto__` gives up; so do functions, symbols and bigints, which `JSON.stringify`
 * writes differently.
 */
const sortedCopy = (value: unknown): unknown => {
  if (value === null || value === undefined) return value;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (typeof value !== 'object') return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = sortedCopy(item);
      if (copy === NOT_PLAIN) return NOT_PLAIN;
      out.push(copy);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  // The default sort compares UTF-16 code units, as `<` does.
  for (const k of Object.keys(value).sort()) {
    const first = k.charCodeAt(0);
    if ((first >= 48 && first <= 57) || k === '__proto__') return NOT_PLAIN;
    const copy = sortedCopy(Reflect.get(value, k));
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    out[k] = copy;
  }
  return out;
};

/**
 * Stable JSON: object keys sorted (UTF-16 code units, as `<` compares), undefined properties left out, so the same
 * value always hashes the same. It runs per employee (the plan's fingerprint), so plain data is copied with its keys
 * in sorted order and written by `JSON.stringify`, natively: the same text as writing it key by key here, in about
 * half the CPU. Anything else is written key by key.
 */
export const stableStringify = (value: unknown): string => {
  const copy = sortedCopy(value);
  return copy === NOT_PLAIN ? stableStringifyEach(value) : (JSON.stringify(copy) ?? 'null');
};

/** One-shot SHA-256 in hex (`crypto.hash`, Node 20.12+: no Hash object per call). */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** A change's stable key: the same connector, employee, kind and target give the same key on every run. */
export const changeKey = (connector: string, employeeId: string, kind: string, target: string): string =>
  sha256(`${connector}\u0000${employeeId}\u0000${kind}\u0000${target}`).slice(0, 20);
