/**
 * A typo in the policy's names (a grade in `grades.order`, a job family in an expectation rule) silently changes who
 * is expected what: the people in the real grade go unjudged, the family rule matches nobody. When a name matches no
 * employee while employees carry a close name the policy does not list, the plan stops before any write.
 */
import type { Config, Employee } from '../../schemas/index.js';
import { suggestions } from '../connector-kit/did-you-mean.js';
import { familiesOf } from '../core/index.js';

export interface NameTypo {
  /** The config path of the name (`grades.order[5]`). */
  where: string;
  typed: string;
  /** The close name employees carry. */
  seen: string;
  /** How many employees carry it. */
  count: number;
}

const countBy = (values: Iterable<string>): Map<string, number> => {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
};

const fold = (s: string): string => s.trim().toLowerCase();

export const policyNameTypos = (config: Config, employees: readonly Employee[]): NameTypo[] => {
  const people = employees.filter((e) => e.status === 'active');
  const out: NameTypo[] = [];
  const order = config.grades.order ?? [];
  const grades = countBy(people.flatMap((e) => (e.grade === null || e.grade === '' ? [] : [e.grade])));
  const unlisted = [...grades.keys()].filter((g) => !order.includes(g));
  order.forEach((typed, i) => {
    if (grades.has(typed)) return;
    const [seen] = suggestions(typed, unlisted, 1);
    if (seen !== undefined) out.push({ where: `grades.order[${i}]`, typed, seen, count: grades.get(seen) ?? 0 });
  });
  const families = countBy(people.flatMap((e) => familiesOf(e)));
  const named = new Set(config.grades.expect.flatMap((r) => r.jobFamilies ?? []).map(fold));
  const seenFolded = new Set([...families.keys()].map(fold));
  const unnamed = [...families.keys()].filter((f) => !named.has(fold(f)));
  config.grades.expect.forEach((rule, i) =>
    (rule.jobFamilies ?? []).forEach((typed, j) => {
      if (seenFolded.has(fold(typed))) return;
      const [seen] = suggestions(typed, unnamed, 1);
      if (seen !== undefined)
        out.push({ where: `grades.expect[${i}].jobFamilies[${j}]`, typed, seen, count: families.get(seen) ?? 0 });
    }),
  );
  return out;
};

export const describeTypo = (t: NameTypo): string =>
  `${t.where}: "${t.typed}" matches no employee, while ${t.count} carry "${t.seen}", ` +
  `which the policy does not name (did you mean "${t.seen}"?)`;

/**
 * A grade source that is wrong for the policy (a Workday `grade: managementLevel` where the order lists compensation
 * grades): most of a connector's active employees then carry a grade the order lacks, and nobody there is judged. Such
 * a plan would write nothing for them and say little, so it stops, naming the connector's `grade` path.
 */
export const gradeSourceMismatch = (
  config: Config,
  gradeRank: ReadonlyMap<string, number>,
  employees: readonly Employee[],
): { where: string; message: string } | null => {
  if (gradeRank.size === 0) return null;
  for (const [i, block] of config.connectors.entries()) {
    const people = employees.filter((e) => e.connector === block.id && e.status === 'active');
    const outside = people.filter((e) => e.grade === null || e.grade === '' || !gradeRank.has(e.grade));
    if (people.length < 5 || outside.length * 2 < people.length) continue;
    const found = [...new Set(outside.flatMap((e) => (e.grade ? [e.grade] : [])))].slice(0, 6);
    const where = `connectors[${i}].grade`;
    return {
      where,
      message:
        `${where}: ${outside.length} of ${people.length} active employees of "${block.id}" have ` +
        (found.length === 0 ? 'no grade' : `a grade grades.order does not list (found: ${found.join(', ')})`) +
        ', so almost nobody there would be judged; check the grade source in the connector block and grades.order',
    };
  }
  return null;
};
