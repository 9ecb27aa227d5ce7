import { hash } from 'node:crypto';

/** Stable JSON written property by property: for values that are not plain data (see `stableStringify`). */
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

/**
 * Adds every property name of `value` (at any depth) to `names`. False when `value` holds something other than plain
 * data (strings, numbers, booleans, null, undefined, arrays, objects whose prototype is `Object.prototype` or null,
 * with own properties only and no `__proto__` key): `JSON.stringify` would then not write what
 * `stableStringifyEach` writes (a `toJSON`, a class instance, an inherited property).
 */
const plainDataNames = (value: unknown, names: Set<string>): boolean => {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!plainDataNames(item, names)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in value) {
    if (k === '__proto__' || !Object.hasOwn(value, k)) return false;
    names.add(k);
    if (!plainDataNames(Reflect.get(value, k), names)) return false;
  }
  return true;
};

/**
 * Stable JSON: object keys sorted (UTF-16 code units, as `<` compares), undefined properties left out, so the same
 * value always hashes the same. It runs per employee (the plan's fingerprint), so plain data goes through
 * `JSON.stringify` with the sorted list of every property name in the value: given such a list, `JSON.stringify`
 * writes each object's properties in the list's order and skips the names an object lacks, which is the same text
 * as sorting each object's own keys, written natively (about half the CPU of building it here).
 */
export const stableStringify = (value: unknown): string => {
  const names = new Set<string>();
  if (!plainDataNames(value, names)) return stableStringifyEach(value);
  return JSON.stringify(value, [...names].sort()) ?? 'null';
};

/** One-shot SHA-256 in hex (`crypto.hash`, Node 20.12+: no Hash object per call). */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** A change's stable key: the same connector, employee, kind and target give the same key on every run. */
export const changeKey = (connector: string, employeeId: string, kind: string, target: string): string =>
  sha256(`${connector}\u0000${employeeId}\u0000${kind}\u0000${target}`).slice(0, 20);
