import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize, groupBy, OTHER } from '../privacy.js';
import { share } from '../stats.js';
import { departmentLabel, type ReportContext } from './context.js';
import { makeTable } from './table.js';

/** The gaming signals per department: certified-inactive share first (the one the incentive design warns about). */
export const signalsByDepartment = (ctx: ReportContext): MetricTable => {
  const outcome = applyMinGroupSize(groupBy(ctx.judged, (e) => departmentLabel(e.department)), { minGroupSize: ctx.input.minGroupSize, mode: 'merge' });
  const rateOf = (g: { members: readonly { signals: { certifiedInactive: boolean } }[] }) =>
    g.members.filter((e) => e.signals.certifiedInactive).length / g.members.length;
  // Highest rate first, Other last.
  outcome.groups.sort((a, b) => Number(a.label === OTHER) - Number(b.label === OTHER) || rateOf(b) - rateOf(a) || a.label.localeCompare(b.label));
  return makeTable(ctx, {
    id: 'signals-by-department',
    title: 'Certified-inactive rate and other gaming signals by department',
    definition:
      'Certified-inactive: judged employees with a credential that counts for a level but without the AI use that level requires, as a share of the department\'s judged employees. Burst: use concentrated in the last days of the window. Too fast: a credential earned sooner after enrolment than the programme allows. Signals are reported, not judged.',
    groupLabel: 'Department',
    mode: 'merge',
    columns: [
      { key: 'employees', label: 'Employees', unit: 'count' },
      { key: 'count:certifiedInactive', label: 'Certified-inactive', unit: 'count' },
      { key: 'share:certifiedInactive', label: 'Certified-inactive %', unit: 'share' },
      { key: 'burst', label: 'Burst', unit: 'count' },
      { key: 'tooFast', label: 'Too fast', unit: 'count' },
    ],
    outcome,
    values: (members) => {
      const inactive = members.filter((e) => e.signals.certifiedInactive).length;
      return {
        employees: members.length,
        'count:certifiedInactive': inactive,
        'share:certifiedInactive': share(inactive, members.length),
        burst: members.filter((e) => e.signals.burst).length,
        tooFast: members.filter((e) => e.signals.tooFast).length,
      };
    },
  });
};
