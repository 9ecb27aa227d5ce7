/**
 * API economy (issue 13): HTTP calls per employee against each connector's sandbox for (a) a first full run (`apply`
 * on an empty tenant), (b) an unchanged re-run and (c) a re-run after 1% of employees changed (a third each: a grade
 * change, new evidence, a hand edit of the flag), each with `baseline` = the least the published API allows for that
 * scenario (`baselineFor`, the formulas in docs/performance.md "API economy") and `ratio` = calls / baseline.
 * Between (a) and (b) a catch-up run reads by delta what (a) wrote (those are changes since (a)'s read); it is
 * reported as `catchup_*`.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Change, SyntheticOrg } from '../schemas/index.js';
import { connectors } from '../connectors/index.js';
import type { RunningSandbox } from '../src/connector.js';
import { writeSampleEvidence } from '../src/demo/sample-evidence.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { createEngine, parseConfigText } from '../src/index.js';
import { defaultHttpSettings } from '../src/http/settings.js';
import { exampleLadder } from '../tests/helpers/config.js';
import { emit } from './emit.js';

/** What a scenario asks of the HRIS: employees (active ones), employees changed, and the writes it plans by kind. */
export interface Scenario {
  employees: number;
  active: number;
  changed: number;
  goals: number;
  flags: number;
  notes: number;
  /**
   * Of those, the goals and notes created (not updated): BambooHR reads each one back (`baselineFor`). Absent: none.
   */
  creates?: number;
  /**
   * Workday's job-history reads: one Get_Workers per distinct job-change date (and one as of the window's start) of
   * the workers whose history is read, per 999 of them (`historyReads` below); 0 where no job changed.
   */
  historyReads?: number;
  /**
   * Workday: the flag and note instances the tenant holds when the run starts (a WQL read of them is at least one
   * page, then one per 100), and the workers the run writes notes for (one Edit_Worker_Additional_Data each).
   * Absent: one per employee (full) or active employee (delta), and one worker per note.
   */
  heldFlags?: number;
  heldNotes?: number;
  noteWorkers?: number;
}

const up = (n: number, size: number): number => Math.ceil(n / size);

/**
 * Calls every run makes before it reads an employee, which the design requires (DESIGN §9, tenant truth: the value
 * lists a write uses are read each run): SuccessFactors a token, the goal plan, its enums, the eligibility picklist
 * and the `$metadata` of the goal entity and the two MDF objects; BambooHR `meta/fields`, `meta/tables` and
 * `meta/lists`; Workday the goal statuses, the two custom object definitions and the job profiles, where reading a
 * definition's fields takes its ID, which only the collection `GET /definitions` gives (it has no alias filter, and
 * `GET /definitions/{ID}` answers the same summary without fields), and the eligibility field's type
 * (`GET /fieldTypes/{ID}`: a custom list or not) is read to know which values it takes
 * (specs/workday/rest/customObjectDefinition_v1.json): 1 + (1 + 2) + 1 + 1 = 6.
 */
export const FIXED_CALLS: Record<string, number> = { successfactors: 7, bamboohr: 3, workday: 6 };

/**
 * The least calls the published API allows (docs/performance.md "API economy", with sources), on top of the fixed
 * calls:
 * - SuccessFactors: a page of 1000 users, then one OData `$batch` holding the reads of EmpJob, the goal entity and
 *   the two MDF objects for that page (full: 2 per 1000 people; the other sets are read by the page's user ids, as
 *   EmpJob takes no `$orderby` to page alongside: KBA 2954606); or one `$batch` of the five `lastModifiedDateTime`
 *   queries (delta) plus, when some changed, one `$batch` of their rows in all five sets per 1000 of them (a `$batch`
 *   takes up to 180 requests: KBA 2614934; SAP asks for batches over many requests: KBA 2735876); every write in
 *   `/upsert` batches of 1000 (goals are upsertable too); and, whenever people are read, one `FOJobCode` read for the
 *   job families of their job codes as of the date (EmpJob carries the code only; FOJobCode is effective dated:
 *   KBA 2853045), which a `$batch` cannot join to the EmpJob read it depends on.
 * - BambooHR: one custom report, one jobInfo and one exception-table read for everybody (full), or
 *   `employees/changed` and `employees/changed/tables/{table}` (delta; the report and jobInfo again when some
 *   changed); in both one goal list per active employee
 *   (no bulk and no changed-since read of goals) and one write per change (no batch write), and one read of the
 *   employee's goals (or rows) after each goal or note create: BambooHR has no idempotency key and no conditional
 *   create (research/bamboohr.md §4 and §6: a table-row create answers no row id, a goal create takes no external
 *   id), so only a read after the create finds the twin another run created at the same moment, which DESIGN §2
 *   ("two runs at once duplicate nothing") requires. The look-up before a create is not counted: the run's own read
 *   is that look-up. docs/performance.md gives the ratio to the floor without the read-backs as well.
 * - Workday: Get_Workers in pages of 999 and the instances the tenant holds of the two custom objects in WQL pages
 *   of 100, at least one page each (full), or (delta) one Get_Workers and one Get_Job_Profiles with
 *   Transaction_Log_Criteria_Data, every flag instance in WQL pages of 100 (custom objects have no changed-since read
 *   and their REST writes are not said to enter the transaction log) and, when some changed, those workers in
 *   Get_Workers pages of 999; Manage_Goals one worker per call, flags by `bulk=true` in 100s. Notes: the cheaper of
 *   the two ways the API allows, counted per run: `bulk=true` in 100s (a Reference ID on the object), where a delta
 *   reads every held note again (WQL pages: such writes are not said to be logged), or one
 *   Edit_Worker_Additional_Data per worker, where a delta reads the notes only when some workers changed (the log
 *   shows the writes). The job history of the workers read
 *   (whole) whose job changed in the look-back: the published API gives job data at a past date only as of that
 *   date (research/workday.md §4: Get_Workers with `Response_Filter/As_Of_Effective_Date`), so one Get_Workers per
 *   distinct change date plus one as of the window's start, per 999 workers (`historyReads`).
 */
export const baselineFor = (type: string, s: Scenario, mode: 'full' | 'delta'): number => {
  const writes = s.goals + s.flags + s.notes;
  const fixed = FIXED_CALLS[type] ?? 0;
  switch (type) {
    case 'successfactors':
      return (
        fixed +
        (mode === 'full' ? 2 * up(s.employees, 1000) + 1 : 1 + (s.changed > 0 ? up(s.changed, 1000) + 1 : 0)) +
        up(writes, 1000)
      );
    case 'bamboohr':
      return fixed + (mode === 'full' ? 3 : 2 + (s.changed > 0 ? 2 : 0)) + s.active + writes + (s.creates ?? 0);
    case 'workday': {
      const flagsRead = Math.max(1, up(s.heldFlags ?? (mode === 'full' ? s.employees : s.active), 100));
      const notesRead = Math.max(1, up(s.heldNotes ?? s.employees, 100));
      const notes =
        mode === 'full'
          ? notesRead + up(s.notes, 100)
          : Math.min(up(s.notes, 100) + notesRead, (s.noteWorkers ?? s.notes) + (s.changed > 0 ? notesRead : 0));
      return (
        fixed +
        (mode === 'full' ? up(s.employees, 999) : 2 + (s.changed > 0 ? up(s.changed, 999) : 0)) +
        flagsRead +
        notes +
        (s.historyReads ?? 0) +
        s.goals +
        up(s.flags, 100)
      );
    }
    default:
      return Number.NaN;
  }
};

/**
 * The D + 1 of Workday's job history, from the org alone (no call to the sandbox): the workers are read in pages of
 * 999 (in the org's order, as Get_Workers pages them) and each page's history on its own, so per page the distinct
 * change dates of its workers with a job change in the window (`historyDays` before `asOf` up to `asOf`), plus the
 * window's start. `extra` adds changes made since the org was generated.
 */
const historyReads = (
  org: SyntheticOrg,
  ids: ReadonlySet<string> | null,
  historyDays: number,
  extra: ReadonlyMap<string, string> = new Map(),
): number => {
  const start = new Date(Date.parse(`${org.asOf}T00:00:00Z`) - historyDays * 86_400_000).toISOString().slice(0, 10);
  const read = org.employees.filter((e) => !ids || ids.has(e.id));
  let calls = 0;
  for (let i = 0; i < read.length; i += 999) {
    const dates = new Set<string>();
    for (const e of read.slice(i, i + 999)) {
      const all = [...e.jobHistory.map((j) => j.effectiveDate), ...(extra.has(e.id) ? [extra.get(e.id) ?? ''] : [])];
      const inWindow = all.filter((d) => d >= start && d <= org.asOf);
      if (inWindow.length > 0) for (const d of [start, ...inWindow]) dates.add(d);
    }
    calls += dates.size;
  }
  return calls;
};

/** The connector's default look-back of the job history (connectors/workday/config.ts `historyDays`). */
const WORKDAY_HISTORY_DAYS = 400;

const countWrites = (changes: readonly Change[]) => ({
  goals: changes.filter((c) => c.kind === 'goal' && c.action !== 'noop').length,
  flags: changes.filter((c) => c.kind === 'eligibility' && c.action !== 'noop').length,
  notes: changes.filter((c) => c.kind === 'exception-note' && c.action !== 'noop').length,
  creates: changes.filter((c) => c.kind !== 'eligibility' && c.action === 'create').length,
  noteWorkers: new Set(
    changes.flatMap((c) => (c.kind === 'exception-note' && c.action !== 'noop' ? [c.employeeId] : [])),
  ).size,
});

/** The employees a run wrote to (a change other than a noop). */
const written = (changes: readonly Change[]): number =>
  new Set(changes.flatMap((c) => (c.action === 'noop' ? [] : [c.employeeId]))).size;

/**
 * Workday notes are written 100 at a time (a Reference ID on the exception object, the recommended set-up); with
 * `FLUENCYFLOW_BENCH_CALLS_WORKDAY_NOTES=soap` one worker per Edit_Worker_Additional_Data, as without it.
 */
const connectorConfigOf = (type: string, sandbox: RunningSandbox): Record<string, unknown> => {
  const config = sandbox.connectorConfig('bench');
  if (type !== 'workday' || process.env.FLUENCYFLOW_BENCH_CALLS_WORKDAY_NOTES === 'soap') return config;
  return { ...config, fields: { noteReferenceId: 'noteKey' } };
};

/**
 * The HRIS's clock has whole seconds: a watermark is its `Date` header (a whole second) less the time the answer
 * took, and a `$filter` literal drops the fraction, so a delta reads again what changed in the second before the one
 * its read began in. Two seconds after a run's writes, the next run's watermark lies past them (a lower bound: a
 * slower machine only widens the gap). With a shorter wait an unchanged re-run re-reads the writes of the run
 * before it, now and then, and is measured as a changed one.
 */
const tick = () => new Promise((r) => setTimeout(r, 2100));

export const run = async (
  o: { employees?: number; types?: readonly string[]; emit?: typeof emit } = {},
): Promise<void> => {
  const out = o.emit ?? emit;
  const N = o.employees ?? Number(process.env.FLUENCYFLOW_BENCH_CALLS_EMPLOYEES ?? 1000);
  for (const [type, def] of Object.entries(connectors)) {
    if (o.types && !o.types.includes(type)) continue;
    const org = generateSyntheticOrg({
      asOf: '2027-06-30',
      employees: N,
      seed: 9,
      standardGoalTitle: 'AI fluency development goal FY2027',
      cycleEnd: '2027-12-31',
    });
    const sandbox: RunningSandbox = await def.sandbox.start({ org, port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'ff-bench-calls-'));
    try {
      writeSampleEvidence({
        employees: org.employees,
        asOf: org.asOf,
        zone: 'America/New_York',
        dir: join(dir, 'data'),
      });
      const text = stringify({
        version: 1,
        organization: 'Bench',
        asOf: org.asOf,
        cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
        ladder: exampleLadder,
        grades: { order: org.grades, expect: [{ level: 'foundational' }, { level: 'practitioner', fromGrade: 'G6' }] },
        credentials: {
          'AWS Certified AI Practitioner': 'aws:ai-practitioner',
          'Google AI Essentials': 'google:ai-essentials',
        },
        evidence: {
          certifications: 'data/certifications.csv',
          enrolments: 'data/enrolments.csv',
          usage: 'data/usage.ndjson',
        },
        connectors: [connectorConfigOf(type, sandbox)],
      });
      const path = join(dir, 'fluencyflow.yaml');
      writeFileSync(path, text);
      const active = org.employees.filter((e) => e.status === 'active');
      const extra = { connector: type, employees: N };
      /** One `apply` on a fresh engine (a new process each run, as the CLI is), measured. */
      /** Returns the employees the run wrote to: the workers the next run finds changed. */
      const measure = async (name: string, mode: 'full' | 'delta', changed: number, history = 0): Promise<number> => {
        const engine = createEngine(parseConfigText({ text, path }), {
          env: { ...process.env, ...sandbox.env },
          http: { ...defaultHttpSettings },
        });
        try {
          // What the tenant holds when the run starts (not a request): a WQL read of it is at least a page.
          const held = sandbox.snapshot();
          const heldFlags = Object.keys(held.eligibility).length;
          const heldNotes = Object.values(held.exceptionNotes).reduce((n, list) => n + list.length, 0);
          sandbox.resetStats();
          const t0 = performance.now();
          const r = await engine.apply();
          const ms = performance.now() - t0;
          const calls = sandbox.stats().requests;
          const writes = countWrites(r.evaluation.changes);
          const scenario = {
            employees: N,
            active: active.length,
            changed,
            historyReads: history,
            heldFlags,
            heldNotes,
            ...writes,
          };
          const baseline = baselineFor(type, scenario, mode);
          const perEmployee = (v: number) => v / N;
          out('calls', `${name}_calls_per_employee`, perEmployee(calls), 'requests/employee', {
            ...extra,
            calls,
            writes: r.result.applied,
            failed: r.result.failed,
            baseline: perEmployee(baseline),
            ratio: calls / baseline,
            changed,
            workersWritten: written(r.evaluation.changes),
          });
          out('calls', `${name}_time`, ms, 'ms', extra);
          if (process.env.FLUENCYFLOW_BENCH_CALLS_ROUTES)
            out('calls', `${name}_routes`, calls, 'requests', { ...extra, byRoute: sandbox.stats().byRoute });
          return written(r.evaluation.changes);
        } finally {
          await engine.close();
        }
      };
      // The job history is read for every worker in a full read, and in a delta for those whose job changed.
      const wrote = await measure('full_run', 'full', N, historyReads(org, null, WORKDAY_HISTORY_DAYS));
      await tick();
      // (a) wrote goals, flags and notes: changes since its read, which the next run reads by delta. The workers
      // changed are the ones it wrote to, not every employee (the inactive ones get no write).
      await measure('catchup', 'delta', wrote);
      await tick();
      await measure('rerun_unchanged', 'delta', 0);
      // (c) 1% changed: a grade change, new evidence, a hand edit of the flag, a third each.
      const step = Math.max(1, Math.floor(active.length / Math.max(1, Math.round(N / 100))));
      const chosen = active.filter((_, i) => i % step === 0).slice(0, Math.max(1, Math.round(N / 100)));
      const regraded = new Map<string, string>();
      chosen.forEach((e, i) => {
        if (i % 3 === 0 && sandbox.setGradeByHand) {
          const grade =
            org.grades[Math.min(org.grades.length - 1, org.grades.indexOf(e.grade ?? '') + 1)] ?? e.grade ?? '';
          sandbox.setGradeByHand(e.id, grade, '2027-06-01');
          regraded.set(e.id, '2027-06-01');
        } else if (i % 3 === 1)
          appendFileSync(join(dir, 'data', 'certifications.csv'), `${e.id},internal,ai-expert-review,2027-06-01,,\n`);
        else sandbox.setFlagByHand(e.id, { value: 'not-eligible', reason: 'committee decision', by: 'hrbp.bench' });
      });
      await tick();
      const history = historyReads(org, new Set(regraded.keys()), WORKDAY_HISTORY_DAYS, regraded);
      await measure('rerun_1pct', 'delta', chosen.length, history);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await run();
