import { createHash } from 'node:crypto';

/** Stable JSON: object keys sorted, so the same value always hashes the same. */
export const stableStringify = (value: unknown): string => {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
};

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A change's stable key: the same connector, employee, kind and target give the same key on every run. */
export const changeKey = (connector: string, employeeId: string, kind: string, target: string): string =>
  sha256(`${connector}\u0000${employeeId}\u0000${kind}\u0000${target}`).slice(0, 20);
