import type { EmployeeEvaluation, LevelSnapshot } from '../../../schemas/evaluation.js';
import type { MetricsInput } from '../../../src/report/metrics/context.js';

export const LADDER = [
  { id: 'foundational', name: 'Foundational' },
  { id: 'practitioner', name: 'Practitioner' },
  { id: 'expert', name: 'Expert' },
];
export const AS_OF = '2027-03-31';
const GRADE_RANK: Record<string, number> = { G2: 1, G3: 2, G6: 5, G7: 6 };

type Level = 'foundational' | 'practitioner' | 'expert' | null;
interface Spec {
  id: string;
  dept: string;
  grade: string;
  held: Level;
  expected: Exclude<Level, null>;
  status: 'meets' | 'pursuing' | 'below' | 'certified-inactive';
  goal: boolean;
  perWeek: number;
  signal?: 'certifiedInactive' | 'burst' | 'tooFast';
}

export const evaluation = (s: Spec, over: Partial<EmployeeEvaluation> = {}): EmployeeEvaluation => ({
  connector: 'us',
  employeeId: s.id,
  displayName: `Person ${s.id}`,
  department: s.dept,
  jobFamily: `${s.dept} family`,
  jobFamilies: [`${s.dept} family`],
  jobTitle: 'Analyst',
  grade: s.grade,
  gradeRank: GRADE_RANK[s.grade] ?? null,
  unjudged: null,
  levelHeld: s.held,
  levelExpected: s.expected,
  status: s.status,
  credentialLevels: [],
  enrolledLevels: [],
  activeDays: Math.round(s.perWeek * 4),
  windowDays: 28,
  activeDaysPerWeek: s.perWeek,
  eventsLast28: 0,
  minutesSavedLast28: 0,
  signals: {
    certifiedInactive: s.signal === 'certifiedInactive',
    burst: s.signal === 'burst',
    tooFast: s.signal === 'tooFast',
  },
  goal: s.goal ? { targetLevel: 'practitioner', percentComplete: 50, status: 'on-track' } : null,
  eligibility: { value: 'not-eligible', reason: 'no practitioner credential', nextGrade: null },
  promotions: [],
  monthsInGrade: 12,
  ...over,
});

const P = 'practitioner' as const;
const F = 'foundational' as const;
const E = 'expert' as const;

/**
 * The hand-made organisation the metric tests work their numbers out on: 20 judged employees in three
 * departments (Engineering 8, Sales 6, Finance 6) and two who are not judged.
 */
export const ORG: EmployeeEvaluation[] = [
  evaluation({
    id: 'E1',
    dept: 'Engineering',
    grade: 'G7',
    held: E,
    expected: P,
    status: 'meets',
    goal: true,
    perWeek: 5.0,
  }),
  evaluation({
    id: 'E2',
    dept: 'Engineering',
    grade: 'G6',
    held: P,
    expected: P,
    status: 'meets',
    goal: true,
    perWeek: 3.0,
  }),
  evaluation({
    id: 'E3',
    dept: 'Engineering',
    grade: 'G6',
    held: F,
    expected: P,
    status: 'pursuing',
    goal: true,
    perWeek: 2.0,
  }),
  evaluation({
    id: 'E4',
    dept: 'Engineering',
    grade: 'G6',
    held: F,
    expected: P,
    status: 'certified-inactive',
    goal: true,
    perWeek: 0.5,
    signal: 'certifiedInactive',
  }),
  evaluation({
    id: 'E5',
    dept: 'Engineering',
    grade: 'G3',
    held: F,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 1.5,
  }),
  evaluation({
    id: 'E6',
    dept: 'Engineering',
    grade: 'G3',
    held: P,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 4.0,
    signal: 'burst',
  }),
  evaluation({
    id: 'E7',
    dept: 'Engineering',
    grade: 'G2',
    held: null,
    expected: F,
    status: 'below',
    goal: false,
    perWeek: 0,
  }),
  evaluation({
    id: 'E8',
    dept: 'Engineering',
    grade: 'G2',
    held: F,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 2.5,
  }),
  evaluation({
    id: 'S1',
    dept: 'Sales',
    grade: 'G6',
    held: null,
    expected: P,
    status: 'below',
    goal: true,
    perWeek: 0.5,
  }),
  evaluation({
    id: 'S2',
    dept: 'Sales',
    grade: 'G6',
    held: F,
    expected: P,
    status: 'certified-inactive',
    goal: true,
    perWeek: 1.0,
    signal: 'certifiedInactive',
  }),
  evaluation({
    id: 'S3',
    dept: 'Sales',
    grade: 'G7',
    held: P,
    expected: P,
    status: 'meets',
    goal: false,
    perWeek: 3.5,
  }),
  evaluation({
    id: 'S4',
    dept: 'Sales',
    grade: 'G3',
    held: F,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 2.0,
    signal: 'tooFast',
  }),
  evaluation({
    id: 'S5',
    dept: 'Sales',
    grade: 'G3',
    held: null,
    expected: F,
    status: 'pursuing',
    goal: true,
    perWeek: 1.0,
  }),
  evaluation({
    id: 'S6',
    dept: 'Sales',
    grade: 'G2',
    held: null,
    expected: F,
    status: 'below',
    goal: false,
    perWeek: 0,
  }),
  evaluation({
    id: 'F1',
    dept: 'Finance',
    grade: 'G6',
    held: P,
    expected: P,
    status: 'meets',
    goal: true,
    perWeek: 3.0,
  }),
  evaluation({
    id: 'F2',
    dept: 'Finance',
    grade: 'G6',
    held: E,
    expected: P,
    status: 'meets',
    goal: true,
    perWeek: 6.0,
  }),
  evaluation({
    id: 'F3',
    dept: 'Finance',
    grade: 'G6',
    held: F,
    expected: P,
    status: 'pursuing',
    goal: true,
    perWeek: 2.5,
  }),
  evaluation({
    id: 'F4',
    dept: 'Finance',
    grade: 'G3',
    held: F,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 2.0,
  }),
  evaluation({
    id: 'F5',
    dept: 'Finance',
    grade: 'G3',
    held: P,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 3.5,
  }),
  evaluation({
    id: 'F6',
    dept: 'Finance',
    grade: 'G2',
    held: F,
    expected: F,
    status: 'meets',
    goal: true,
    perWeek: 1.5,
  }),
  evaluation(
    { id: 'U1', dept: 'Sales', grade: 'G3', held: null, expected: F, status: 'below', goal: false, perWeek: 0 },
    { unjudged: 'terminated', status: null, levelExpected: null },
  ),
  evaluation(
    { id: 'U2', dept: 'Engineering', grade: 'X', held: null, expected: F, status: 'below', goal: false, perWeek: 0 },
    { unjudged: 'grade-unknown', status: null, levelExpected: null, gradeRank: null },
  ),
];

export const snapshot = (
  quarter: string,
  employeeId: string,
  levelHeld: string | null,
  over: Partial<LevelSnapshot> = {},
): LevelSnapshot => ({
  quarter,
  connector: 'us',
  employeeId,
  department: 'Engineering',
  jobFamily: 'Engineering family',
  grade: 'G6',
  levelHeld,
  levelExpected: 'practitioner',
  status: 'below',
  hasGoal: false,
  synthetic: false,
  ...over,
});

export const input = (over: Partial<MetricsInput> = {}): MetricsInput => ({
  evaluations: ORG,
  snapshots: [],
  ladder: LADDER,
  thresholdLevel: 'practitioner',
  targets: { goalCoverage: 1, practitioner: 0.8 },
  asOf: AS_OF,
  minGroupSize: 5,
  organization: 'Hand-made Org',
  ...over,
});
