import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMetrics } from '../../../src/report/build-metrics.js';
import { applyMinGroupSize, OTHER } from '../../../src/report/privacy.js';
import { writeReport } from '../../../src/report/write-report.js';
import { evaluation, input, ORG, snapshot } from './org-fixture.js';

const groups = (sizes: Record<string, number>) =>
  Object.entries(sizes).map(([label, n]) => ({ label, members: Array.from({ length: n }, (_, i) => i) }));
const shown = (o: ReturnType<typeof applyMinGroupSize<number>>) =>
  o.groups.map((g) => [g.label, g.members.length, g.mergedGroups]);

describe('applyMinGroupSize', () => {
  it('pools small groups into Other, last', () => {
    const o = applyMinGroupSize(groups({ a: 3, b: 10, c: 2 }), { minGroupSize: 5, mode: 'merge' });
    expect(shown(o)).toEqual([
      ['b', 10, 1],
      [OTHER, 5, 2],
    ]);
    expect([o.merged, o.suppressed]).toEqual([2, 0]);
  });

  it('folds the next smallest group in when Other alone is too small (no recovery by subtraction)', () => {
    const o = applyMinGroupSize(groups({ a: 10, b: 8, c: 3 }), { minGroupSize: 5, mode: 'merge' });
    expect(shown(o)).toEqual([
      ['a', 10, 1],
      [OTHER, 11, 2],
    ]);
    expect(o.merged).toBe(2);
  });

  it('suppresses only when the whole table is too small', () => {
    const o = applyMinGroupSize(groups({ a: 2, b: 2 }), { minGroupSize: 5, mode: 'merge' });
    expect(o.groups).toEqual([]);
    expect([o.merged, o.suppressed]).toEqual([0, 2]);
  });

  it('leaves small quarters out in suppress mode', () => {
    const o = applyMinGroupSize(groups({ q1: 6, q2: 4, q3: 5 }), { minGroupSize: 5, mode: 'suppress' });
    expect(shown(o)).toEqual([
      ['q1', 6, 1],
      ['q3', 5, 1],
    ]);
    expect(o.suppressed).toBe(1);
  });

  it('pools a real group named Other with the small ones without counting it as merged', () => {
    const o = applyMinGroupSize(groups({ Other: 7, x: 2, y: 9 }), { minGroupSize: 5, mode: 'merge' });
    expect(shown(o)).toEqual([
      ['y', 9, 1],
      [OTHER, 9, 2],
    ]);
    expect(o.merged).toBe(1);
  });

  it('measures a group with the size given', () => {
    const o = applyMinGroupSize(groups({ a: 6, b: 6 }), { minGroupSize: 5, mode: 'merge', size: (m) => m.length - 2 });
    expect(shown(o)).toEqual([[OTHER, 12, 2]]);
  });
});

describe('a department of three never appears alone', () => {
  const SECRET = 'Zeta Legal Unit';
  const legal = ['L1', 'L2', 'L3'].map((id, i) =>
    evaluation(
      {
        id,
        dept: SECRET,
        grade: 'G6',
        held: i === 0 ? 'expert' : null,
        expected: 'practitioner',
        status: i === 0 ? 'meets' : 'below',
        goal: i !== 2,
        perWeek: 6.9,
        signal: 'certifiedInactive',
      },
      {
        connector: 'zeta-hris',
        displayName: `${SECRET} lawyer ${id}`,
        grade: 'G9-ZETA',
        jobFamily: `${SECRET} family`,
      },
    ),
  );
  const evaluations = [...ORG, ...legal];
  const snapshots = ['2026-Q3', '2026-Q4'].flatMap((q) =>
    evaluations
      .filter((e) => e.unjudged === null)
      .map((e) =>
        snapshot(q, e.employeeId, e.levelHeld, {
          department: e.department,
          connector: e.connector,
          grade: e.grade,
          hasGoal: true,
        }),
      ),
  );
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('in no table, CSV, metrics.json or HTML, for every minimum size that should hide it', async () => {
    for (const minGroupSize of [4, 5]) {
      const m = buildMetrics(input({ evaluations, snapshots, minGroupSize }));
      for (const t of m.tables) {
        for (const r of t.rows) {
          expect(
            r.group.includes(SECRET) || r.group === 'G9-ZETA' || r.group === 'zeta-hris',
            `${t.id}: ${r.group}`,
          ).toBe(false);
          const population = r.values['employees'];
          if (typeof population === 'number')
            expect(population, `${t.id}: ${r.group}`).toBeGreaterThanOrEqual(minGroupSize);
        }
      }
      dir = await mkdtemp(join(tmpdir(), 'ff-privacy-'));
      await writeReport({ dir, metrics: m });
      const files = await readdir(dir);
      expect(files).toEqual(
        expect.arrayContaining([
          'index.html',
          'metrics.json',
          'level-by-department.csv',
          'signals-by-department.csv',
          'lagging-departments.csv',
        ]),
      );
      for (const f of files) {
        const text = await readFile(join(dir, f), 'utf8');
        for (const needle of [SECRET, 'G9-ZETA', 'zeta-hris', 'lawyer', 'Person E1'])
          expect(text.includes(needle), `${needle} in ${f}`).toBe(false);
      }
      const html = await readFile(join(dir, 'index.html'), 'utf8');
      // The page says the rule applied and how many groups it merged.
      expect(html).toContain(`<strong>${m.privacy.merged}</strong> group(s) were merged into Other`);
      expect(m.privacy.merged).toBeGreaterThan(0);
      const byDept = m.tables.find((t) => t.id === 'level-by-department');
      // Three Legal people pooled with the next smallest department (Finance or Sales, 6), never shown as three.
      expect(byDept?.rows.find((r) => r.group === OTHER)).toMatchObject({ mergedGroups: 2, values: { employees: 9 } });
      await rm(dir, { recursive: true, force: true });
    }
  });
});
