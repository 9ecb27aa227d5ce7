import type { MetricTable } from '../metrics-schema.js';
import { applyMinGroupSize } from '../privacy.js';
import { shiftQuarter } from '../quarters.js';
import { share } from '../stats.js';
import type { ReportContext } from './context.js';
import { levelColumns, levelValues, makeTable } from './table.js';

/** Level rank per employee, per quarter (only judged snapshots). */
const ranksByQuarter = (ctx: ReportContext): Map<string, Map<string, number>> => {
  const out = new Map<string, Map<string, number>>();
  for (const s of ctx.history) {
    if (s.status === null) continue;
    let q = out.get(s.quarter);
    if (!q) out.set(s.quarter, (q = new Map()));
    q.set(`${s.connector}\u0000${s.employeeId}`, ctx.rank(s.levelHeld));
  }
  return out;
};

type Move = -1 | 0 | 1;

const movementTable = (ctx: ReportContext, ranks: Map<string, Map<string, number>>, gap: 1 | 4): MetricTable => {
  const pairs = ctx.quarters
    .map((from) => ({ from, to: shiftQuarter(from, gap) }))
    .filter(({ to }) => ranks.has(to))
    .map(({ from, to }) => {
      const before = ranks.get(from) ?? new Map<string, number>();
      const after = ranks.get(to) ?? new Map<string, number>();
      const moves: Move[] = [];
      for (const [key, r0] of before) {
        const r1 = after.get(key);
        if (r1 !== undefined) moves.push(r1 > r0 ? 1 : r1 < r0 ? -1 : 0);
      }
      return {
        label: `${from} → ${to}`,
        members: moves,
        synthetic: ctx.syntheticQuarters.has(from) || ctx.syntheticQuarters.has(to),
      };
    });
  const synthetic = new Set(pairs.filter((p) => p.synthetic).map((p) => p.label));
  const yoy = gap === 4;
  return makeTable(ctx, {
    id: yoy ? 'movement-yoy' : 'movement-qoq',
    title: yoy ? 'Movement up the ladder, year over year' : 'Movement up the ladder, quarter over quarter',
    definition:
      `Judged employees present in both ${yoy ? 'quarters a year apart' : 'consecutive quarters'}, ` +
      'by whether the level they hold rose, stayed or fell between the two quarter ends (no level counts as ' +
      'below the lowest level). Shares are of the employees present in both.',
    groupLabel: yoy ? 'Year over year' : 'Quarter over quarter',
    mode: 'suppress',
    columns: [
      { key: 'employees', label: 'Employees in both', unit: 'count' },
      { key: 'count:up', label: 'Moved up', unit: 'count' },
      { key: 'share:up', label: 'Moved up %', unit: 'share' },
      { key: 'count:same', label: 'Stayed', unit: 'count' },
      { key: 'share:same', label: 'Stayed %', unit: 'share' },
      { key: 'count:down', label: 'Moved down', unit: 'count' },
      { key: 'share:down', label: 'Moved down %', unit: 'share' },
      { key: 'synthetic', label: 'Synthetic', unit: 'flag' },
    ],
    outcome: applyMinGroupSize(pairs, { minGroupSize: ctx.input.minGroupSize, mode: 'suppress' }),
    values: (moves, label) => {
      const up = moves.filter((m) => m === 1).length;
      const down = moves.filter((m) => m === -1).length;
      const same = moves.length - up - down;
      return {
        employees: moves.length,
        'count:up': up,
        'share:up': share(up, moves.length),
        'count:same': same,
        'share:same': share(same, moves.length),
        'count:down': down,
        'share:down': share(down, moves.length),
        synthetic: synthetic.has(label),
      };
    },
    synthetic: (label) => synthetic.has(label),
  });
};

/** Quarter-over-quarter and year-over-year movement, and the level distribution at each quarter end. */
export const movement = (ctx: ReportContext): { qoq: MetricTable; yoy: MetricTable; byQuarter: MetricTable } => {
  const ranks = ranksByQuarter(ctx);
  const levelsByQuarter = new Map<string, (string | null)[]>();
  for (const s of ctx.history) {
    if (s.status === null) continue;
    const list = levelsByQuarter.get(s.quarter);
    if (list) list.push(s.levelHeld);
    else levelsByQuarter.set(s.quarter, [s.levelHeld]);
  }
  const groups = ctx.quarters.map((q) => ({ label: q, members: levelsByQuarter.get(q) ?? [] }));
  const byQuarter = makeTable(ctx, {
    id: 'level-by-quarter',
    title: 'Level held at each quarter end',
    definition:
      'Judged employees at each quarter end by the level they held, from the quarterly snapshots (the as-of ' +
      'quarter from the current evaluations when no snapshot holds it).',
    groupLabel: 'Quarter',
    mode: 'suppress',
    columns: [...levelColumns(ctx), { key: 'synthetic', label: 'Synthetic', unit: 'flag' }],
    outcome: applyMinGroupSize(groups, { minGroupSize: ctx.input.minGroupSize, mode: 'suppress' }),
    values: (levels, q) => ({ ...levelValues(ctx, levels), synthetic: ctx.syntheticQuarters.has(q) }),
    synthetic: (q) => ctx.syntheticQuarters.has(q),
  });
  return { qoq: movementTable(ctx, ranks, 1), yoy: movementTable(ctx, ranks, 4), byQuarter };
};
