import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy } from '../privacy.js';
import { share } from '../stats.js';
import type { ReportContext } from './context.js';
import { makeTable } from './table.js';

/** Who each HRIS contributed and who could not be judged: the one table where the connector matters. */
export const coverageByConnector = (ctx: ReportContext): MetricTable => {
  const groups = groupBy(ctx.input.evaluations, (e) => e.connector).sort((a, b) => a.label.localeCompare(b.label));
  const count = (members: readonly { unjudged: string | null }[], reason: string) =>
    members.filter((e) => e.unjudged === reason).length;
  return makeTable(ctx, {
    id: 'coverage-by-connector',
    title: 'Employees by HRIS connection',
    definition:
      'Every employee read from each HRIS connection. Judged: active with a grade in the grade order. ' +
      'Not judged: inactive, terminated, no grade, or a grade outside the order (nothing is written for ' +
      'them). Goal coverage is of the judged employees.',
    groupLabel: 'Connection',
    mode: 'merge',
    columns: [
      { key: 'employees', label: 'Employees', unit: 'count' },
      { key: 'judged', label: 'Judged', unit: 'count' },
      { key: 'inactive', label: 'Inactive', unit: 'count' },
      { key: 'terminated', label: 'Terminated', unit: 'count' },
      { key: 'gradeMissing', label: 'No grade', unit: 'count' },
      { key: 'gradeUnknown', label: 'Grade not in order', unit: 'count' },
      { key: 'goalCoverage', label: 'With goal', unit: 'share' },
    ],
    outcome: applyMinGroupSize(groups, {
      minGroupSize: ctx.input.minGroupSize,
      mode: 'merge',
      // The goal share is of the judged ones: a connection with two judged employees is a group of two.
      size: (members) => {
        const judged = members.filter((e) => e.unjudged === null).length;
        return judged > 0 ? judged : members.length;
      },
    }),
    values: (members) => {
      const judged = members.filter((e) => e.unjudged === null);
      return {
        employees: members.length,
        judged: judged.length,
        inactive: count(members, 'inactive'),
        terminated: count(members, 'terminated'),
        gradeMissing: count(members, 'grade-missing'),
        gradeUnknown: count(members, 'grade-unknown'),
        goalCoverage: share(judged.filter((e) => e.goal !== null).length, judged.length),
      };
    },
  });
};
