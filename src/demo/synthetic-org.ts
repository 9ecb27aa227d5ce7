import { DateTime } from 'luxon';
import type { JobHistoryEntry, SeededGoal, SyntheticEmployee, SyntheticOrg } from '../../schemas/index.js';
import { createRandom, type Random } from './random.js';

export interface SyntheticOrgOptions {
  name?: string;
  seed?: number;
  employees?: number;
  /** The day the organisation is "now" (job history and hire dates are before it, a few future-dated rows after). */
  asOf: string;
  emailDomain?: string;
  /** First numeric id; ids are consecutive from here. */
  firstId?: number;
  /** The standard goal title of the cycle, to seed some employees with an old or closed copy of it. */
  standardGoalTitle?: string;
  /** Due date used for seeded goals. */
  cycleEnd?: string;
  /** Whether the HRIS keeps an employee number apart from its id (Workday's Employee_ID is both: false). */
  employeeNumbers?: boolean;
}

export const GRADES = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9', 'G10'] as const;

const DEPARTMENTS: readonly (readonly [string, string, number])[] = [
  ['Engineering', 'Software Engineering', 26],
  ['Data Science', 'Data Science', 6],
  ['Sales', 'Sales', 16],
  ['Marketing', 'Marketing', 8],
  ['Finance', 'Finance', 7],
  ['People', 'Human Resources', 5],
  ['Operations', 'Operations', 12],
  ['Customer Success', 'Customer Support', 12],
  ['Product', 'Product Management', 6],
  ['Legal', 'Legal', 2],
];

const TITLES: Record<string, readonly string[]> = {
  'Software Engineering': ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager'],
  'Data Science': ['Data Analyst', 'Data Scientist', 'Senior Data Scientist', 'ML Lead'],
  Sales: ['Sales Development Rep', 'Account Executive', 'Senior Account Executive', 'Sales Director'],
  Marketing: ['Marketing Coordinator', 'Marketing Manager', 'Head of Brand'],
  Finance: ['Accountant', 'Financial Analyst', 'Controller'],
  'Human Resources': ['HR Coordinator', 'HR Business Partner', 'HR Director'],
  Operations: ['Operations Associate', 'Operations Manager', 'Director of Operations'],
  'Customer Support': ['Support Specialist', 'Senior Support Specialist', 'Support Lead'],
  'Product Management': ['Product Manager', 'Senior Product Manager', 'Group Product Manager'],
  Legal: ['Paralegal', 'Counsel', 'General Counsel'],
};

// Names from several scripts, and a few that stress escaping (apostrophes, ampersands, angle brackets).
const FIRST = [
  'Ava',
  'Noah',
  'Mia',
  'Liam',
  'Zoë',
  'José',
  'Aiko',
  'Chen',
  'Fatima',
  'Olu',
  'Priya',
  'Søren',
  'Anaïs',
  'Mateo',
  'Ingrid',
  'Kwame',
  'Yuki',
  'Leila',
  'Дмитрий',
  '美咲',
  'Nguyễn',
  'Seo-yeon',
  'Amara',
  'Ravi',
  'Elif',
  'Jonas',
  'Lucía',
  'Tariq',
  'Hana',
  'Finn',
];
const LAST = [
  'Smith',
  'García',
  "O'Brien",
  'Müller',
  'Tanaka',
  'Okafor',
  'Kowalski',
  'Nguyen',
  'Rossi',
  'Haddad',
  'Andersson',
  'Patel',
  'Kim',
  'Dubois',
  'Silva',
  'Иванова',
  '山田',
  'Cohen',
  'Mensah',
  'Larsen',
  'Novak',
  'Fernández',
  'Brown & Co',
  'Lee <Jr>',
  'Ó Súilleabháin',
];

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

const gradeWeights: readonly (readonly [number, number])[] = [
  [0, 8],
  [1, 14],
  [2, 16],
  [3, 16],
  [4, 14],
  [5, 11],
  [6, 9],
  [7, 6],
  [8, 4],
  [9, 2],
];

const buildHistory = (
  r: Random,
  asOf: DateTime,
  hire: DateTime,
  gradeIndex: number,
  family: string,
): { history: JobHistoryEntry[]; currentTitle: string } => {
  const titles = TITLES[family] ?? ['Associate'];
  const titleFor = (g: number) =>
    titles[Math.min(titles.length - 1, Math.floor((g / GRADES.length) * titles.length))] ?? 'Associate';
  // Walk backwards from the current grade: a recent promotion for some, older steps for others.
  const steps: { date: DateTime; grade: number; event: string }[] = [];
  let grade = gradeIndex;
  let date = asOf;
  const promotedRecently = r.chance(0.18) && grade > 0;
  const count = r.int(0, 3);
  for (let i = 0; i < count + (promotedRecently ? 1 : 0); i++) {
    const back = i === 0 && promotedRecently ? r.int(10, 330) : r.int(200, 900);
    date = date.minus({ days: back });
    if (date <= hire) break;
    const jump = grade >= 2 && r.chance(0.1) ? 2 : 1;
    // Nobody is promoted into the lowest grade: a move there is a transfer.
    const lateral = (i > 0 && r.chance(0.25)) || grade === 0;
    steps.unshift({ date, grade, event: lateral ? 'Transfer' : 'Promotion' });
    if (!lateral) grade = Math.max(0, grade - jump);
  }
  const history: JobHistoryEntry[] = [
    {
      effectiveDate: hire.toISODate() ?? '',
      grade: GRADES[grade] ?? null,
      jobFamily: family,
      jobFamilies: [family],
      jobTitle: titleFor(grade),
      event: 'Hire',
    },
  ];
  for (const s of steps) {
    history.push({
      effectiveDate: s.date.toISODate() ?? '',
      grade: GRADES[s.grade] ?? null,
      jobFamily: family,
      jobFamilies: [family],
      jobTitle: titleFor(s.grade),
      event: s.event,
    });
  }
  return { history, currentTitle: titleFor(gradeIndex) };
};

/** A deterministic organisation: departments, grades G1-G10, job families, managers and a year of promotions. */
export const generateSyntheticOrg = (options: SyntheticOrgOptions): SyntheticOrg => {
  const seed = options.seed ?? 42;
  const total = options.employees ?? 2000;
  const firstId = options.firstId ?? 1000;
  const domain = options.emailDomain ?? 'example.com';
  const r = createRandom(seed);
  const asOf = DateTime.fromISO(options.asOf, { zone: 'UTC' });
  const employees: SyntheticEmployee[] = [];
  const byGrade: string[][] = GRADES.map(() => []);
  const usedEmails = new Set<string>();

  for (let n = 0; n < total; n++) {
    const id = String(firstId + n);
    const [department, family] = r.weighted(DEPARTMENTS.map(([d, f, w]) => [[d, f] as const, w] as const));
    let gradeIndex = r.weighted(gradeWeights);
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    let local = `${slug(first) || 'user'}.${slug(last) || 'person'}`;
    if (usedEmails.has(local)) local = `${local}${n}`;
    usedEmails.add(local);
    const hire = asOf.minus({ days: r.int(20, 3650) });
    const statusRoll = r.next();
    const status = statusRoll < 0.02 ? 'terminated' : statusRoll < 0.03 ? 'inactive' : 'active';
    if (n === 0) gradeIndex = GRADES.length - 1; // the first employee heads the organisation
    const { history, currentTitle } = buildHistory(r, asOf, hire, gradeIndex, family);
    // A few future-dated job changes (after as-of): they must not count yet.
    if (r.chance(0.01) && gradeIndex < GRADES.length - 1) {
      history.push({
        effectiveDate: asOf.plus({ days: r.int(5, 60) }).toISODate() ?? '',
        grade: GRADES[gradeIndex + 1] ?? null,
        jobFamily: family,
        jobFamilies: [family],
        jobTitle: currentTitle,
        event: 'Promotion',
      });
    }
    // About 1% carry a grade outside the organisation's order (contractors, a legacy band): reported, never guessed.
    const unknownGrade = r.chance(0.01);
    const grade = unknownGrade ? 'X-LEGACY' : (GRADES[gradeIndex] ?? null);
    if (unknownGrade) {
      const lastEntry = history[history.length - 1];
      if (lastEntry) history[history.length - 1] = { ...lastEntry, grade };
    }
    const managerPool = byGrade.slice(gradeIndex + 1).flat();
    const managerId = managerPool.length > 0 ? r.pick(managerPool) : n === 0 ? null : String(firstId);
    const seededGoals: SeededGoal[] = [];
    const due = options.cycleEnd ?? asOf.endOf('year').toISODate() ?? '';
    if (r.chance(0.01)) {
      // Someone with more goals than the list endpoint returns by default (the 50 cap).
      for (let g = 0; g < 60; g++)
        seededGoals.push({
          title: `Quarterly objective ${g + 1}`,
          description: 'Owned by the employee.',
          dueDate: due,
          percentComplete: r.int(0, 100),
          closed: g % 7 === 0,
        });
    } else if (r.chance(0.3)) {
      seededGoals.push({
        title: 'Grow customer impact',
        description: 'Set by the manager.',
        dueDate: due,
        percentComplete: r.int(0, 90),
        closed: false,
      });
    }
    if (options.standardGoalTitle && r.chance(0.02)) {
      // A copy of the standard goal made by hand, sometimes already closed: adopted, never duplicated.
      seededGoals.push({
        title: options.standardGoalTitle,
        description: 'Created by the manager before fluencyflow.',
        dueDate: due,
        percentComplete: 10,
        closed: r.chance(0.5),
      });
    }
    employees.push({
      connector: '',
      id,
      employeeNumber: options.employeeNumbers === false ? null : `E${String(firstId + n).padStart(6, '0')}`,
      email: `${local}@${domain}`,
      personalEmail: `${local}.home@mail.example.net`,
      firstName: first,
      lastName: last,
      department,
      division: r.pick(['North America', 'EMEA', 'APAC']),
      location: r.pick(['New York', 'Berlin', 'Singapore', 'London', 'Austin', 'Remote']),
      jobTitle: currentTitle,
      jobFamily: family,
      jobFamilies: [family],
      grade,
      managerId,
      status,
      hireDate: hire.toISODate(),
      jobHistory: history,
      seededGoals,
    });
    byGrade[gradeIndex]?.push(id);
  }
  return {
    name: options.name ?? 'Example Corp (synthetic)',
    seed,
    asOf: options.asOf,
    emailDomain: domain,
    grades: [...GRADES],
    departments: [...new Set(DEPARTMENTS.map(([d]) => d))],
    jobFamilies: [...new Set(DEPARTMENTS.map(([, f]) => f))],
    employees,
  };
};
