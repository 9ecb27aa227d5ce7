import { hash } from 'node:crypto';

/** Stable JSON: object keys sorted, so the same value always hashes the same. One pass: it runs per employee. */
export const stableStringify = (value: unknown): string => {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${stableStringify(value[i])}`;
    return `${out}]`;
  }
  // The default sort compares UTF-16 code units, as `<` does.
  let out = '{';
  for (const k of Object.keys(value).sort()) {
    const v: unknown = Reflect.get(value, k);
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${stableStringify(v)}`;
  }
  return `${out}}`;
};

/** One-shot SHA-256 in hex (`crypto.hash`, Node 20.12+: no Hash object per call). */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** A change's stable key: the same connector, employee, kind and target give the same key on every run. */
export const changeKey = (connector: string, employeeId: string, kind: string, target: string): string =>
  sha256(`${connector}\u0000${employeeId}\u0000${kind}\u0000${target}`).slice(0, 20);
