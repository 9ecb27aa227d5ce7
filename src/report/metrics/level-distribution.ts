import type { EmployeeEvaluation } from '../../../schemas/evaluation.js';
import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy, type Group } from '../privacy.js';
import { departmentLabel, familyLabel, gradeLabel, type ReportContext } from './context.js';
import { levelColumns, levelValues, makeTable } from './table.js';

type Dimension = 'department' | 'grade' | 'jobFamily';

const SPEC: Record<
  Dimension,
  { id: string; title: string; groupLabel: string; label: (e: EmployeeEvaluation) => string }
> = {
  department: {
    id: 'level-by-department',
    title: 'Level held by department',
    groupLabel: 'Department',
    label: (e) => departmentLabel(e.department),
  },
  grade: { id: 'level-by-grade', title: 'Level held by grade', groupLabel: 'Grade', label: (e) => gradeLabel(e.grade) },
  jobFamily: {
    id: 'level-by-job-family',
    title: 'Level held by job family (role)',
    groupLabel: 'Job family',
    label: (e) => familyLabel(e.jobFamily),
  },
};

/** Grades in grade order (lowest first); departments and job families alphabetically. */
const ordered = (dimension: Dimension, groups: Group<EmployeeEvaluation>[]): Group<EmployeeEvaluation>[] => {
  if (dimension !== 'grade') return [...groups].sort((a, b) => a.label.localeCompare(b.label));
  const rankOf = (g: Group<EmployeeEvaluation>) =>
    g.members.reduce((m, e) => Math.min(m, e.gradeRank ?? Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  return groups
    .map((g) => ({ g, r: rankOf(g) }))
    .sort((a, b) => a.r - b.r || a.g.label.localeCompare(b.g.label))
    .map(({ g }) => g);
};

/** How many judged employees hold each level (and none), per department, grade or job family. */
export const levelDistribution = (ctx: ReportContext, dimension: Dimension): MetricTable => {
  const spec = SPEC[dimension];
  const groups = ordered(dimension, groupBy(ctx.judged, spec.label));
  return makeTable(ctx, {
    id: spec.id,
    title: spec.title,
    definition:
      'Judged employees (active, grade known) by the highest level whose full evidence rule holds on the as-of ' +
      `date ("No level": none holds), per ${spec.groupLabel.toLowerCase()}. Shares are of the row's employees.`,
    groupLabel: spec.groupLabel,
    columns: levelColumns(ctx),
    mode: 'merge',
    outcome: applyMinGroupSize(groups, { minGroupSize: ctx.input.minGroupSize, mode: 'merge' }),
    values: (members) =>
      levelValues(
        ctx,
        members.map((e) => e.levelHeld),
      ),
  });
};
