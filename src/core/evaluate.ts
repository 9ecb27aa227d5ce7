import type {
  DesiredEligibility,
  DesiredGoal,
  Employee,
  EmployeeEvaluation,
  ExceptionNote,
  RunIssue,
} from '../../schemas/index.js';
import { dayNumber, monthsBetween } from './days.js';
import { eligibilityFor } from './eligibility.js';
import { type LevelEvidence, levelEvidenceOn, levelHeld, useInWindow } from './evidence-rules.js';
import type { EmployeeEvidence } from './evidence-view.js';
import { assessPromotion, exceptionNoteFor } from './exceptions.js';
import { expectedLevel, familiesOf, nextGrade } from './expectation.js';
import { desiredGoal, goalTarget } from './goal.js';
import type { Policy } from './policy.js';
import { rankOf } from './policy.js';
import { lastGradeChange, promotionsIn } from './promotions.js';
import { gamingSignals } from './signals.js';

export interface DesiredState {
  goal: DesiredGoal | null;
  eligibility: DesiredEligibility | null;
  notes: Omit<ExceptionNote, 'id'>[];
}

export interface EmployeeDecision {
  evaluation: EmployeeEvaluation;
  desired: DesiredState;
  /** The per-level evidence on the as-of date, for `explain`. */
  levels: LevelEvidence[];
  issues: RunIssue[];
}

const issue = (e: Employee, code: string, message: string, where: string | null = null): RunIssue => ({
  code,
  message,
  connector: e.connector,
  employeeId: e.id,
  where,
});

/** Everything the policy decides about one employee on the as-of date. Pure. */
export const evaluateEmployee = (
  policy: Policy,
  employee: Employee,
  evidence: EmployeeEvidence,
  asOf: string,
): EmployeeDecision => {
  const asOfDay = dayNumber(asOf);
  const levels = levelEvidenceOn(policy, evidence, asOfDay);
  const held = levelHeld(levels);
  const issues: RunIssue[] = [];

  let unjudged: EmployeeEvaluation['unjudged'] = null;
  if (employee.status === 'inactive' || employee.status === 'terminated') unjudged = employee.status;
  else if (employee.grade === null || employee.grade === '') {
    unjudged = 'grade-missing';
    issues.push(
      issue(
        employee,
        'GRADE_MISSING',
        `${employee.connector}/${employee.id} has no grade: no goal or flag is written`,
        'grade',
      ),
    );
  } else if (!policy.gradeRank.has(employee.grade)) {
    unjudged = 'grade-unknown';
    issues.push(
      issue(
        employee,
        'GRADE_UNKNOWN',
        `${employee.connector}/${employee.id} has grade "${employee.grade}", ` +
          'which is not in the grade order: no goal or flag is written',
        'grades.order',
      ),
    );
  }

  const grade = employee.grade;
  const families = familiesOf(employee);
  const expected = unjudged === null && grade !== null ? expectedLevel(policy, grade, families) : null;
  const firstUse = policy.ladder.find((l) => l.evidence.use !== null)?.evidence.use ?? {
    windowDays: 28,
    minActiveDays: 1,
  };
  const expectedUse = (expected ? policy.ladder.find((l) => l.id === expected)?.evidence.use : null) ?? firstUse;
  const signals = gamingSignals(policy, evidence, levels, held, asOfDay, expectedUse.windowDays);
  const last28 = useInWindow(evidence.usage, asOfDay, 28);
  const credentialLevels = levels.filter((l) => l.hasCredential).map((l) => l.level.id);
  const enrolledLevels = [
    ...new Set(evidence.enrolments.filter((e) => dayNumber(e.enrolledOn) <= asOfDay).map((e) => e.level)),
  ];

  let status: EmployeeEvaluation['status'] = null;
  const desired: DesiredState = { goal: null, eligibility: null, notes: [] };
  let eligibility: EmployeeEvaluation['eligibility'] = null;
  const promotions: EmployeeEvaluation['promotions'] = [];

  if (unjudged === null && grade !== null) {
    const expectedEv = levels.find((l) => l.level.id === expected);
    if (expected === null || rankOf(policy, held) >= rankOf(policy, expected)) status = 'meets';
    else if (levels.some((l) => rankOf(policy, l.level.id) >= rankOf(policy, expected) && l.hasCredential && !l.useMet))
      status = 'certified-inactive';
    else if (
      enrolledLevels.some((lv) => rankOf(policy, lv) >= rankOf(policy, expected)) ||
      (expectedEv !== undefined &&
        (expectedEv.hasCredential || (expectedEv.requiredDays !== null && expectedEv.useMet)))
    )
      status = 'pursuing';
    else status = 'below';

    const targetId = goalTarget(policy, expected, held);
    const target = levels.find((l) => l.level.id === targetId);
    if (target) desired.goal = desiredGoal(policy, employee.id, target, asOfDay, employee.locale);

    const next = nextGrade(policy, grade);
    const judgedGrade = next ?? grade;
    const expectedThere = expectedLevel(policy, judgedGrade, families);
    desired.eligibility = eligibilityFor(policy, judgedGrade, expectedThere, held, levels, signals);
    eligibility = { value: desired.eligibility.value, reason: desired.eligibility.reason, nextGrade: next };

    const from = asOfDay - policy.lookbackDays;
    for (const p of promotionsIn(policy, employee.jobHistory, asOfDay)) {
      if (dayNumber(p.effectiveDate) < from) continue;
      const a = assessPromotion(policy, evidence, p);
      promotions.push(a);
      if (!a.met) desired.notes.push(exceptionNoteFor(policy, a));
    }
  }

  const changed = lastGradeChange(employee.jobHistory, asOfDay) ?? employee.hireDate;
  const evaluation: EmployeeEvaluation = {
    connector: employee.connector,
    employeeId: employee.id,
    displayName: `${employee.firstName} ${employee.lastName}`.trim(),
    department: employee.department,
    jobFamily: employee.jobFamily ?? families[0] ?? null,
    jobFamilies: families,
    jobTitle: employee.jobTitle,
    grade,
    gradeRank: grade === null ? null : (policy.gradeRank.get(grade) ?? null),
    unjudged,
    levelHeld: held,
    levelExpected: expected,
    status,
    credentialLevels,
    enrolledLevels,
    activeDays:
      levels.find((l) => l.level.id === expected)?.activeDays ??
      useInWindow(evidence.usage, asOfDay, expectedUse.windowDays).activeDays,
    windowDays: expectedUse.windowDays,
    activeDaysPerWeek: Math.round((last28.activeDays / 4) * 100) / 100,
    eventsLast28: last28.events,
    minutesSavedLast28: Math.round(last28.minutes),
    signals,
    goal: desired.goal
      ? {
          targetLevel: desired.goal.targetLevel,
          percentComplete: desired.goal.percentComplete,
          status: desired.goal.status,
        }
      : null,
    eligibility,
    promotions,
    monthsInGrade: changed ? Math.round(monthsBetween(changed, asOf) * 10) / 10 : null,
  };
  return { evaluation, desired, levels, issues };
};
