/**
 * The checks `check` runs on top of each connector's own: what the config says against what the tenants hold
 * (grades, job families, the values to be written) and the evidence files. Each failure names the config path and
 * what to change, so no plan meets it later.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Config } from '../../schemas/index.js';
import type { CheckItem, Discovery } from '../connector.js';
import { didYouMean } from '../connector-kit/did-you-mean.js';
import { configuredFiles, identityFiles } from '../evidence/evidence-config.js';

const item = (name: string, ok: boolean, detail: string): CheckItem => ({ name, ok, detail });

const list = (xs: readonly string[], max = 8): string =>
  xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;

/** One connector's grades against `grades.order`: the grades no employee can be judged in. */
export const gradeCoverage = (config: Config, discovery: Discovery, connectorPath: string): CheckItem => {
  const found = discovery.grades.map((g) => g.id);
  const order = config.grades.order;
  if (found.length === 0)
    return item('grades', true, 'the HRIS lists no grades; plan reports unknown grades per employee');
  if (order === undefined)
    return discovery.gradesOrdered
      ? item('grades', true, `${found.length} grades, ordered by the HRIS`)
      : item('grades', false, `grades.order: missing, and this HRIS does not order its grades (found: ${list(found)})`);
  const outside = found.filter((g) => !order.includes(g));
  if (outside.length === found.length)
    return item(
      'grades',
      false,
      `none of the ${found.length} grades this HRIS holds is in grades.order (found: ${list(found)}): ` +
        `check the grade source ${connectorPath}.grade and grades.order`,
    );
  if (outside.length === 0) return item('grades', true, `all ${found.length} grades are in grades.order`);
  const hints = outside.map((g) => `${g}${didYouMean(g, order)}`);
  return item(
    'grades',
    true,
    `not in grades.order, so never judged (employees in them get no goal or flag): ${list(hints)}`,
  );
};

/**
 * Names in the policy that no tenant has: a grade in `grades.order` or an expectation rule, a job family in an
 * expectation rule. When the tenant holds a close name the policy lacks, it is a typo that silently changes who is
 * expected what: that fails, with the name meant. A name with nothing close (a grade nobody holds yet) is listed only.
 */
export const policyNames = (config: Config, discoveries: readonly Discovery[]): CheckItem[] => {
  const grades = new Set(discoveries.flatMap((d) => d.grades.flatMap((g) => [g.id, g.name])));
  const families = new Set(discoveries.flatMap((d) => d.jobFamilies ?? []));
  const out: CheckItem[] = [];
  const judge = (name: string, named: { typed: string; where: string }[], known: Set<string>, listed: Set<string>) => {
    const fold = (s: string) => s.trim().toLowerCase();
    const knownFolded = new Set([...known].map(fold));
    const unlisted = [...known].filter((k) => !listed.has(fold(k)));
    const missing = named.filter((n) => !knownFolded.has(fold(n.typed)));
    const typos = missing.flatMap((n) => {
      const hint = didYouMean(n.typed, unlisted);
      return hint === '' ? [] : [`${n.where}: "${n.typed}"${hint}`];
    });
    const absent = missing.filter((n) => didYouMean(n.typed, unlisted) === '').map((n) => `${n.where} "${n.typed}"`);
    if (typos.length > 0) out.push(item(name, false, `not in any HRIS, while a close name is: ${typos.join('; ')}`));
    else if (absent.length > 0)
      out.push(item(name, true, `every name the HRIS holds is in the policy; not held by anyone yet: ${list(absent)}`));
    else out.push(item(name, true, 'every name in the policy exists in an HRIS'));
  };
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.trim().toLowerCase()));
  if (grades.size > 0) {
    const order = config.grades.order ?? [];
    const named = order.map((g, i) => ({ typed: g, where: `grades.order[${i}]` }));
    config.grades.expect.forEach((rule, i) =>
      (rule.grades ?? []).forEach((g, j) => named.push({ typed: g, where: `grades.expect[${i}].grades[${j}]` })),
    );
    judge('policy grades', named, grades, lower(order));
  }
  const named = config.grades.expect.flatMap((rule, i) =>
    (rule.jobFamilies ?? []).map((f, j) => ({ typed: f, where: `grades.expect[${i}].jobFamilies[${j}]` })),
  );
  if (named.length > 0) {
    if (families.size === 0) out.push(item('policy job families', true, 'not checked: no HRIS lists its job families'));
    else judge('policy job families', named, families, lower(named.map((n) => n.typed)));
  }
  return out;
};

const readable = (path: string): string | null => {
  try {
    const st = statSync(path);
    if (!st.isFile() && !st.isDirectory()) return 'not a file';
    accessSync(path, constants.R_OK);
    return null;
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    if (code === 'ENOENT') {
      let near = '';
      try {
        near = didYouMean(basename(path), readdirSync(dirname(path)));
      } catch {
        near = ' (its folder does not exist either)';
      }
      return `no such file${near}`;
    }
    return code === 'EACCES' ? 'not readable by this user' : `cannot be read (${code || 'unknown error'})`;
  }
};

/** Every evidence file the config names exists and can be read (relative paths from the config's folder). */
export const evidenceFiles = (config: Config, configDir: string): CheckItem[] => {
  const files = [
    ...configuredFiles(config),
    ...identityFiles(config).map((file, i) => ({ kind: 'identities', file, where: `evidence.identities[${i}]` })),
  ];
  if (files.length === 0)
    return [item('evidence files', true, 'none configured (evidence comes from `fluencyflow import`)')];
  return files.map((f) => {
    const problem = readable(resolve(configDir, f.file));
    return item(
      `evidence ${f.where}`,
      problem === null,
      problem === null ? `${f.file} readable` : `${f.where}: ${f.file}: ${problem}`,
    );
  });
};
