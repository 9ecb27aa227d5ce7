import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config, Employee, RunIssue, ScopeFilter } from '../../schemas/index.js';
import { scopeFilter } from '../../schemas/config.js';
import { didYouMean } from '../connector-kit/did-you-mean.js';
import { sha256, stableStringify } from '../core/hash.js';
import { ConfigError, UsageError } from '../errors.js';

/** The employee attributes a scope filters on, by the key an admin writes. */
const FIELDS = ['connector', 'department', 'division', 'location', 'jobFamily', 'grade'] as const;
type Field = (typeof FIELDS)[number];
const KEYS: readonly string[] = [...FIELDS, 'employees', 'pilot'];

const fold = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

const valuesOf = (e: Employee, field: Field): string[] => {
  if (field === 'jobFamily') return e.jobFamilies.length > 0 ? e.jobFamilies : e.jobFamily ? [e.jobFamily] : [];
  const v = e[field];
  return v ? [v] : [];
};

interface Matcher {
  raw: ScopeFilter;
  /** Ids, employee numbers, work e-mails and `connector/id`, folded; null when the filter names no list. */
  people: Set<string> | null;
}

/** A scope ready to match employees: `label` is what plans and thresholds print, `key` goes into the policy hash. */
export interface ResolvedScope {
  label: string;
  key: string;
  include: Matcher | null;
  exclude: Matcher | null;
  /** Where the scope came from, for errors: `--scope` or `scope.include`. */
  where: string;
  fromCli: boolean;
}

const scopeError = (fromCli: boolean, message: string, where: string) =>
  fromCli ? new UsageError(message, { where }) : new ConfigError(message, { where });

/**
 * `--scope department=Engineering,connector=us` or `--scope pilot:wave1`: keys as in the config's `scope.include`;
 * a key given twice lists alternatives. Pure.
 */
export const parseScopeArg = (text: string): ScopeFilter => {
  const acc = new Map<string, string[]>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)) {
    const m = /^(pilot):(.+)$/.exec(part) ?? /^([A-Za-z-]+)=(.+)$/.exec(part);
    const key = m?.[1]?.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    const value = m?.[2]?.trim();
    if (key === undefined || value === undefined)
      throw new UsageError(`--scope: "${part}" is not key=value or pilot:name`, { where: '--scope' });
    const known = KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    if (known === undefined)
      throw new UsageError(`--scope: unknown key "${key}"${didYouMean(key, KEYS)}; keys: ${KEYS.join(', ')}`, {
        where: '--scope',
      });
    acc.set(known, [...(acc.get(known) ?? []), value]);
  }
  if (acc.size === 0) throw new UsageError('--scope is empty', { where: '--scope' });
  const employees = acc.get('employees');
  if (employees && employees.length > 1) {
    throw new UsageError('--scope: give one employees= file', { where: '--scope' });
  }
  const list = employees ? { employees: employees[0] } : {};
  const parsed = scopeFilter.safeParse({ ...Object.fromEntries(acc), ...list });
  if (!parsed.success) {
    throw new UsageError(`--scope: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { where: '--scope' });
  }
  return parsed.data;
};

/** The lines of a list file: ids, employee numbers or work e-mails; blank lines and `#` comments skipped. */
const readList = async (path: string, fromCli: boolean, where: string): Promise<string[]> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
    throw scopeError(fromCli, `the scope's employee list ${path} cannot be read: ${code}`, where);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l.length > 0);
};

const matcherOf = async (
  raw: ScopeFilter,
  o: { config: Config; configDir: string; fromCli: boolean; where: string },
): Promise<Matcher> => {
  const files: string[] = [];
  // A list named on the command line is relative to where the admin stands; one in the config, to the config.
  if (raw.employees) files.push(o.fromCli ? resolve(raw.employees) : resolve(o.configDir, raw.employees));
  const groups = o.config.scope?.pilotGroups ?? {};
  for (const name of raw.pilot ?? []) {
    const file = groups[name];
    if (file === undefined) {
      const known = Object.keys(groups);
      const list = known.length > 0 ? `; known: ${known.join(', ')}` : '; define it under scope.pilotGroups';
      throw scopeError(o.fromCli, `no pilot group "${name}"${didYouMean(name, known)}${list}`, o.where);
    }
    files.push(resolve(o.configDir, file));
  }
  if (files.length === 0) return { raw, people: null };
  const people = new Set<string>();
  for (const f of files) for (const line of await readList(f, o.fromCli, o.where)) people.add(fold(line));
  return { raw, people };
};

const describe = (f: ScopeFilter, people: Set<string> | null): string => {
  const parts: string[] = FIELDS.flatMap((k) => (f[k] ? [`${k}=${f[k].join('|')}`] : []));
  for (const p of f.pilot ?? []) parts.push(`pilot:${p}`);
  if (f.employees) parts.push(`employees=${f.employees}`);
  if (people) parts.push(`(${people.size} listed)`);
  return parts.join(', ');
};

/**
 * The run's scope: `--scope` replaces `scope.include`; `scope.exclude` always applies. Null when neither is set.
 * Reads the employee list files it names.
 */
export const resolveScope = async (o: {
  config: Config;
  configDir: string;
  cli?: string | null;
}): Promise<ResolvedScope | null> => {
  const fromCli = o.cli !== undefined && o.cli !== null;
  const include = fromCli ? parseScopeArg(o.cli ?? '') : o.config.scope?.include;
  const exclude = o.config.scope?.exclude;
  if (!include && !exclude) return null;
  const where = fromCli ? '--scope' : 'scope.include';
  const inc = include ? await matcherOf(include, { config: o.config, configDir: o.configDir, fromCli, where }) : null;
  const exc = exclude
    ? await matcherOf(exclude, { config: o.config, configDir: o.configDir, fromCli: false, where: 'scope.exclude' })
    : null;
  const included = inc ? describe(inc.raw, inc.people) : 'everyone';
  const label = exc ? `${included}; excluding ${describe(exc.raw, exc.people)}` : included;
  const listed = (m: Matcher | null) => (m?.people ? sha256([...m.people].sort().join('\n')) : null);
  const key = stableStringify({
    include: inc?.raw ?? null,
    exclude: exc?.raw ?? null,
    lists: [listed(inc), listed(exc)],
  });
  return { label, key, include: inc, exclude: exc, where, fromCli };
};

const fieldMatches = (e: Employee, field: Field, wanted: readonly string[]): boolean => {
  const have = valuesOf(e, field).map(fold);
  return wanted.some((w) => have.includes(fold(w)));
};

/** Whether an employee matches every key of a filter. */
const matches = (m: Matcher, e: Employee): boolean => {
  for (const k of FIELDS) {
    const wanted = m.raw[k];
    if (wanted && !fieldMatches(e, k, wanted)) return false;
  }
  if (m.people) {
    const ids = [e.id, `${e.connector}/${e.id}`, e.employeeNumber, e.email].filter((x) => x !== null).map(fold);
    if (!ids.some((id) => m.people?.has(id))) return false;
  }
  return true;
};

const inScope = (scope: ResolvedScope | null, e: Employee): boolean =>
  scope === null ||
  ((scope.include === null || matches(scope.include, e)) && (scope.exclude === null || !matches(scope.exclude, e)));

/** Each named value of a filter that no employee has, with the closest names that exist. */
const unmatchedValues = (m: Matcher, employees: readonly Employee[]): string[] => {
  const out: string[] = [];
  for (const k of FIELDS) {
    for (const w of m.raw[k] ?? []) {
      if (employees.some((e) => fieldMatches(e, k, [w]))) continue;
      out.push(
        `${k} "${w}" matches nobody${didYouMean(
          w,
          employees.flatMap((e) => valuesOf(e, k)),
        )}`,
      );
    }
  }
  return out;
};

/**
 * Splits the employees read into those the run may write to and the count of the others. A scope that leaves
 * nobody is an error naming the values that match nobody (with "did you mean"); a value that matches nobody in an
 * otherwise non-empty scope is reported as an issue.
 */
export const partitionByScope = <T extends { employee: Employee }>(
  scope: ResolvedScope | null,
  records: readonly T[],
): { kept: T[]; left: T[]; outOfScope: number; issues: RunIssue[] } => {
  if (scope === null) return { kept: [...records], left: [], outOfScope: 0, issues: [] };
  const kept: T[] = [];
  const left: T[] = [];
  for (const r of records) (inScope(scope, r.employee) ? kept : left).push(r);
  const employees = records.map((r) => r.employee);
  const unmatched = scope.include ? unmatchedValues(scope.include, employees) : [];
  if (kept.length === 0 && records.length > 0) {
    const why = unmatched.length > 0 ? `: ${unmatched.join('; ')}` : '';
    const message = `the scope ${scope.label} matches nobody of the ${records.length} employees read${why}`;
    throw scopeError(scope.fromCli, message, scope.where);
  }
  const issues = unmatched.map((message) => ({
    code: 'SCOPE_VALUE_UNMATCHED',
    message,
    connector: null,
    employeeId: null,
    where: scope.where,
  }));
  return { kept, left, outOfScope: left.length, issues };
};
