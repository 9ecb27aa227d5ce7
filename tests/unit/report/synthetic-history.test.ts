import { describe, expect, it } from 'vitest';
import { generateSyntheticHistory } from '../../../src/demo/synthetic-history.js';
import { LADDER, ORG } from './org-fixture.js';

// A larger organisation from the fixture: the same 20 judged people, copied under 25 ids each.
const many = Array.from({ length: 25 }, (_, k) =>
  ORG.map((e) => ({ ...e, employeeId: `${e.employeeId}-${k}` })),
).flat();
const ladder = LADDER.map((l) => l.id);
const rank = (level: string | null) => (level === null ? -1 : ladder.indexOf(level));

describe('generateSyntheticHistory', () => {
  const history = generateSyntheticHistory({ evaluations: many, ladder, asOf: '2027-03-31' });
  const quarter = (q: string) => history.filter((s) => s.quarter === q);

  it('makes the 8 quarters before the as-of quarter, all synthetic, judged employees only', () => {
    expect([...new Set(history.map((s) => s.quarter))]).toEqual([
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(history.every((s) => s.synthetic)).toBe(true);
    expect(history.some((s) => s.employeeId.startsWith('U'))).toBe(false);
  });

  it('is deterministic and independent of the order of the list', () => {
    const again = generateSyntheticHistory({ evaluations: [...many].reverse(), ladder, asOf: '2027-03-31' });
    const key = (s: { quarter: string; employeeId: string }) => `${s.quarter}/${s.employeeId}`;
    const sort = <T extends { quarter: string; employeeId: string }>(l: T[]) =>
      [...l].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sort(again)).toEqual(sort(history));
  });

  it('has fewer people at higher levels further back, new hires appearing, and some movement down', () => {
    const higher = (q: string) => quarter(q).filter((s) => rank(s.levelHeld) >= 1).length / quarter(q).length;
    expect(higher('2025-Q1')).toBeLessThan(higher('2026-Q4'));
    expect(quarter('2025-Q1').length).toBeLessThan(quarter('2026-Q4').length);
    const before = new Map(quarter('2026-Q3').map((s) => [s.employeeId, rank(s.levelHeld)]));
    const down = quarter('2026-Q4').filter((s) => rank(s.levelHeld) < (before.get(s.employeeId) ?? -2)).length;
    expect(down).toBeGreaterThan(0);
  });
});
