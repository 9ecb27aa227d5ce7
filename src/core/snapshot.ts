import type { EmployeeEvaluation, LevelSnapshot } from '../../schemas/index.js';

/** One employee's evaluation as a quarterly snapshot (the history the dashboard's trends read). */
export const toSnapshot = (e: EmployeeEvaluation, quarter: string, hasGoal: boolean): LevelSnapshot => ({
  quarter,
  connector: e.connector,
  employeeId: e.employeeId,
  department: e.department,
  jobFamily: e.jobFamily,
  grade: e.grade,
  levelHeld: e.levelHeld,
  levelExpected: e.levelExpected,
  status: e.status,
  hasGoal,
  synthetic: false,
});
