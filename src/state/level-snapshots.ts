import { z } from 'zod';
import { type LevelSnapshot, levelSnapshot } from '../../schemas/index.js';
import type { Db } from './store.js';

/** Quarterly level snapshots: one row per quarter, connector and employee, replaced when a quarter is re-run. */

const snapshotRow = z.object({
  quarter: z.string(),
  connector: z.string(),
  employee_id: z.string(),
  department: z.string().nullable(),
  job_family: z.string().nullable(),
  grade: z.string().nullable(),
  level_held: z.string().nullable(),
  level_expected: z.string().nullable(),
  status: z.string().nullable(),
  has_goal: z.number(),
  synthetic: z.number(),
});

export const upsertSnapshots = (db: Db, rows: readonly LevelSnapshot[]): void => {
  const stmt = db.prepare(
    `INSERT INTO level_snapshots (quarter, connector, employee_id, department, job_family, grade, level_held,
       level_expected, status, has_goal, synthetic)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (quarter, connector, employee_id) DO UPDATE SET department = excluded.department,
       job_family = excluded.job_family, grade = excluded.grade, level_held = excluded.level_held,
       level_expected = excluded.level_expected, status = excluded.status, has_goal = excluded.has_goal,
       synthetic = excluded.synthetic`,
  );
  db.transaction(() => {
    for (const s of rows) {
      const held = [s.department, s.jobFamily, s.grade, s.levelHeld, s.levelExpected, s.status];
      stmt.run(s.quarter, s.connector, s.employeeId, ...held, s.hasGoal ? 1 : 0, s.synthetic ? 1 : 0);
    }
  })();
};

export const snapshots = (db: Db): LevelSnapshot[] =>
  db
    .prepare('SELECT * FROM level_snapshots ORDER BY quarter, connector, employee_id')
    .all()
    .map((raw) => {
      const r = snapshotRow.parse(raw);
      return levelSnapshot.parse({
        quarter: r.quarter,
        connector: r.connector,
        employeeId: r.employee_id,
        department: r.department,
        jobFamily: r.job_family,
        grade: r.grade,
        levelHeld: r.level_held,
        levelExpected: r.level_expected,
        status: r.status,
        hasGoal: r.has_goal === 1,
        synthetic: r.synthetic === 1,
      });
    });
