import {
  isGoalTitle,
  isoDatePart,
  markerFor,
  referenceIdFor,
  type CurrentGoal,
  type Employee,
  type EligibilityFlag,
  type ExceptionNote,
  type GoalIdentity,
} from '../../schemas/index.js';
import type { WorkdayConfig } from './config.js';
import type { WorkdayValues } from './values.js';
import { splitDescription } from './goal-text.js';
import { idOf, type Reference, type WireJobProfile, type WireWorker, type WorkerData } from './wire-schemas.js';

/** What a job profile contributes: its job level, management level, grade and every job family (Get_Job_Profiles). */
export interface JobProfileFacts {
  jobLevel: string | null;
  managementLevel: string | null;
  compensationGrade: string | null;
  /** All of the profile's job families, in the tenant's order (the first is shown as the primary one). */
  jobFamilies: string[];
}

const refName = (ref: Reference | null | undefined, idType: string): string | null =>
  idOf(ref, idType) ?? ref?.descriptor ?? null;

/** Job family names: the descriptor, else the Job_Family_ID; each once, in order. */
const familyNames = (refs: readonly (Reference | null | undefined)[]): string[] => [
  ...new Set(
    refs.map((f) => f?.descriptor ?? idOf(f, 'Job_Family_ID')).filter((n): n is string => n !== null && n !== ''),
  ),
];

export const toJobProfileFacts = (p: WireJobProfile): [string, JobProfileFacts] | null => {
  const id = idOf(p.Job_Profile_Reference, 'Job_Profile_ID') ?? idOf(p.Job_Profile_Reference, 'WID');
  if (id === null) return null;
  const basic = p.Job_Profile_Data?.Job_Profile_Basic_Data;
  return [
    id,
    {
      jobLevel: refName(basic?.Job_Level_Reference, 'Job_Level_ID'),
      managementLevel: refName(basic?.Management_Level_Reference, 'Management_Level_ID'),
      compensationGrade: refName(
        p.Job_Profile_Data?.Job_Profile_Compensation_Data?.Compensation_Grade_Reference,
        'Compensation_Grade_ID',
      ),
      jobFamilies: familyNames((basic?.Job_Family_Data ?? []).map((d) => d.Job_Family_Reference)),
    },
  ];
};

const primaryPosition = (d: WorkerData | null | undefined) => {
  const jobs = d?.Employment_Data?.Worker_Job_Data ?? [];
  const primary = jobs.find(
    (j) =>
      j.attributes &&
      Object.entries(j.attributes).some(([k, v]) => k.endsWith('Primary_Job') && (v === 'true' || v === true)),
  );
  return (primary ?? jobs[0])?.Position_Data;
};

const profileIdOf = (d: WorkerData | null | undefined): string | null => {
  const ref = primaryPosition(d)?.Job_Profile_Summary_Data?.Job_Profile_Reference;
  return idOf(ref, 'Job_Profile_ID') ?? idOf(ref, 'WID');
};

/** The grade from the configured source: compensation grade, management level, or the job profile's job level. */
const gradeOf = (
  d: WorkerData | null | undefined,
  source: WorkdayConfig['grade'],
  profiles: ReadonlyMap<string, JobProfileFacts>,
): string | null => {
  if (source === 'compensationGrade') {
    const refs = d?.Compensation_Data?.Compensation_Guidelines_Data ?? [];
    for (const g of refs) {
      const v = refName(g.Compensation_Grade_Reference, 'Compensation_Grade_ID');
      if (v !== null) return v;
    }
    return null;
  }
  if (source === 'managementLevel') {
    const own = refName(
      primaryPosition(d)?.Job_Profile_Summary_Data?.Management_Level_Reference,
      'Management_Level_ID',
    );
    if (own !== null) return own;
  }
  const profile = profileIdOf(d);
  const facts = profile === null ? undefined : profiles.get(profile);
  return (source === 'jobLevel' ? facts?.jobLevel : facts?.managementLevel) ?? null;
};

const workEmail = (d: WorkerData | null | undefined): string | null => {
  for (const e of d?.Personal_Data?.Contact_Data?.Email_Address_Data ?? []) {
    const work = e.Usage_Data.some((u) =>
      u.Type_Data.some((t) => idOf(t.Type_Reference, 'Communication_Usage_Type_ID') === 'WORK'),
    );
    if (work && e.Email_Address) return e.Email_Address;
  }
  return null;
};

const statusOf = (d: WorkerData | null | undefined): Employee['status'] => {
  const s = d?.Employment_Data?.Worker_Status_Data;
  if (s?.Terminated === true) return 'terminated';
  return s?.Active === false ? 'inactive' : 'active';
};

/**
 * The worker's language for the goal's text: the language the user chose, else the display language Workday derives
 * for them, else their locale (`ja_JP`); null without a user account.
 */
const localeOf = (d: WorkerData | null | undefined): string | null => {
  const u = d?.User_Account_Data;
  return (
    idOf(u?.User_Language__Reference, 'User_Language_ID') ??
    idOf(u?.Default_Display_Language_Reference, 'User_Language_ID') ??
    idOf(u?.Locale__Reference, 'Locale_ID')
  );
};

/** Maps a Get_Workers worker to the canonical employee (job history is added by the reader). */
export const toEmployee = (
  w: WireWorker,
  connector: string,
  config: WorkdayConfig,
  profiles: ReadonlyMap<string, JobProfileFacts>,
): Employee | null => {
  const d = w.Worker_Data;
  const id =
    idOf(w.Worker_Reference, 'Employee_ID') ?? idOf(w.Worker_Reference, 'Contingent_Worker_ID') ?? d?.Worker_ID ?? null;
  if (id === null || id.trim() === '') return null;
  const position = primaryPosition(d);
  const summary = position?.Job_Profile_Summary_Data;
  const profile = profileIdOf(d);
  const own = familyNames(summary?.Job_Family_Reference ?? []);
  const jobFamilies = own.length > 0 ? own : profile === null ? [] : (profiles.get(profile)?.jobFamilies ?? []);
  const chain = d?.Management_Chain_Data?.Worker_Supervisory_Management_Chain_Data?.Management_Chain_Data ?? [];
  const managerRef = chain[chain.length - 1]?.Manager_Reference[0];
  const managerId = idOf(managerRef, 'Employee_ID');
  const supervisory = d?.Organization_Data?.Worker_Organization_Data.find(
    (o) => idOf(o.Organization_Data?.Organization_Type_Reference, 'Organization_Type_ID') === 'SUPERVISORY',
  );
  const name = d?.Personal_Data?.Name_Data?.Legal_Name_Data?.Name_Detail_Data;
  return {
    connector,
    id,
    employeeNumber: null,
    email: workEmail(d),
    firstName: name?.First_Name ?? '',
    lastName: name?.Last_Name ?? '',
    department: supervisory?.Organization_Data?.Organization_Name ?? null,
    division: null,
    location: position?.Business_Site_Summary_Data?.Name ?? null,
    jobTitle: position?.Business_Title ?? summary?.Job_Profile_Name ?? null,
    jobFamily: jobFamilies[0] ?? null,
    jobFamilies,
    grade: gradeOf(d, config.grade, profiles),
    managerId: managerId === id ? null : managerId,
    status: statusOf(d),
    hireDate: isoDatePart(d?.Employment_Data?.Worker_Status_Data?.Hire_Date),
    jobHistory: [],
    locale: localeOf(d),
  };
};

/** Every job-change event of the transaction log (not rescinded), by effective date. */
const jobChanges = (d: WorkerData | null | undefined, config: WorkdayConfig): Map<string, string> => {
  const out = new Map<string, string>();
  for (const e of d?.Transaction_Log_Entry_Data?.Transaction_Log_Entry ?? []) {
    const data = e.Transaction_Log_Data;
    if (!data || data.Is_Rescind_Or_Rescinded === true) continue;
    const date = isoDatePart(data.Transaction_Effective_Moment);
    const type = data.Transaction_Log_Type_Reference.map((r) => idOf(r, 'Business_Process_Type') ?? r.descriptor).find(
      (t) => t !== null && config.jobChangeEvents.includes(t),
    );
    if (date && type) out.set(date, type);
  }
  return out;
};

/**
 * Job-change events of the transaction log on or before the as-of date and inside the history window, and the date
 * of the last one before the window (`since`, null when the log has none): the job record in force when the window
 * opens began then, so the history's first entry carries that date, which stays put while the window moves.
 */
export const jobChangeDates = (
  d: WorkerData | null | undefined,
  config: WorkdayConfig,
  from: string,
  asOf: string,
): { changes: { date: string; event: string }[]; since: string | null } => {
  const all = [...jobChanges(d, config)].sort(([a], [b]) => a.localeCompare(b));
  const changes = all.filter(([date]) => date >= from && date <= asOf).map(([date, event]) => ({ date, event }));
  const since = all.filter(([date]) => date < from).pop()?.[0] ?? null;
  return { changes, since };
};

/** This cycle's goal candidates: standard title, marker in the description, or our Goal_Reference_ID. */
export const goalCandidates = (
  d: WorkerData | null | undefined,
  employeeId: string,
  identity: GoalIdentity,
  values: Pick<WorkdayValues, 'statusOf'>,
): CurrentGoal[] => {
  const marker = markerFor(identity, employeeId);
  const refId = referenceIdFor(identity, employeeId);
  const out: CurrentGoal[] = [];
  for (const g of d?.Worker_Goal_Data?.Goal ?? []) {
    const data = g.Goal_Data[0];
    if (!data) continue;
    const referenceId = data.Goal_Reference_ID ?? idOf(g.Goal_Reference, 'Goal_Reference_ID');
    const title = data.Goal ?? '';
    const raw = data.Description ?? '';
    if (!isGoalTitle(identity, title) && !raw.includes(marker) && referenceId !== refId) continue;
    const { description, percent } = splitDescription(raw);
    out.push({
      id: idOf(g.Goal_Reference, 'WID') ?? referenceId ?? '',
      title,
      description,
      dueDate: isoDatePart(data.Due_Date),
      percentComplete: percent,
      status: data.Completion_Status_Reference
        ? values.statusOf(data.Completion_Status_Reference.ids, data.Completion_Status_Reference.descriptor)
        : null,
      closed: typeof data.Completion_Date === 'string' && data.Completion_Date !== '',
      referenceId: referenceId ?? null,
    });
  }
  return out;
};

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** The flag as the tenant holds it, mapped back to canonical values (`null` value when empty or unknown). */
export const toEligibility = (
  instance: Record<string, unknown>,
  config: WorkdayConfig,
  values: Pick<WorkdayValues, 'eligibilityOf'>,
): EligibilityFlag | null => {
  if (Object.keys(instance).length === 0) return null;
  return { value: values.eligibilityOf(instance[config.fields.eligible]), reason: str(instance[config.fields.reason]) };
};

export const toExceptionNote = (instance: Record<string, unknown>, config: WorkdayConfig): ExceptionNote | null => {
  const date = isoDatePart(str(instance[config.fields.promotionDate]));
  if (date === null) return null;
  return {
    promotionDate: date,
    fromGrade: str(instance[config.fields.fromGrade]),
    toGrade: str(instance[config.fields.toGrade]),
    note: str(instance[config.fields.note]),
    id: str(instance['id']) || null,
  };
};
