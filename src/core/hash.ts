import { createHash } from 'node:crypto';

/** Stable JSON: object keys sorted, so the same value always hashes the same. Built in one pass (it runs per employee). */
export const stableStringify = (value: unknown): string => {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${stableStringify(value[i])}`;
    return `${out}]`;
  }
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '{';
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${stableStringify(v)}`;
  }
  return `${out}}`;
};

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A change's stable key: the same connector, employee, kind and target give the same key on every run. */
export const changeKey = (connector: string, employeeId: string, kind: string, target: string): string =>
  sha256(`${connector}\u0000${employeeId}\u0000${kind}\u0000${target}`).slice(0, 20);
