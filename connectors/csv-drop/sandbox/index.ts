/**
 * The CSV-drop sandbox: a temporary drop folder and an importer playing the HRIS. It writes the four exports
 * (signed, atomically, a new sequence each time its data changes), imports the outbox files in name order on a tick
 * (and whenever a test looks: `snapshot`, `stats`, `resetStats`, `setQuirks`), re-exports, then archives each file to
 * `processed/`, or to `rejected/` with `<file>.errors.csv` naming each refused row by line.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  RunningSandbox,
  SandboxOptions,
  SandboxQuirks,
  SandboxSnapshot,
  SandboxStats,
} from '../../../src/connector.js';
import { parseCsv, toCsvText } from '../csv-text.js';
import { signatureOf } from '../folder.js';
import { OUTBOX_COLUMNS, outboxRow } from '../wire-schemas.js';
import { createFileFaults } from './faults.js';
import { CLOSED, FLAG_WORDS, HEADERS, STATUS_WORDS, Tenant } from './tenant.js';

const KEY_ENV = 'FF_CSV_DROP_SIGNING_KEY';
/** Export sets kept: a reader that listed the folder a moment ago still finds its file. */
const KEEP_EXPORTS = 3;

const writeWhole = (folder: string, name: string, text: string): void => {
  const temp = join(folder, `.${name}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, join(folder, name));
};

export const startCsvDropSandbox = async (options: SandboxOptions): Promise<RunningSandbox> => {
  const root = mkdtempSync(join(tmpdir(), 'ff-csv-drop-'));
  const dirs = { exports: join(root, 'exports'), outbox: join(root, 'import') };
  const processed = join(dirs.outbox, 'processed');
  const rejected = join(dirs.outbox, 'rejected');
  for (const d of [dirs.exports, dirs.outbox, processed, rejected]) mkdirSync(d, { recursive: true });
  const key = randomBytes(24).toString('hex');
  const tenant = new Tenant(options.org);
  const faults = createFileFaults();
  let quirks: Partial<SandboxQuirks> = { ...options.quirks };
  faults.set(options.quirks?.faults);
  const fresh = (): SandboxStats => ({ requests: 0, writes: 0, byRoute: {} });
  let stats = fresh();
  let exportSeq = 0;
  let rowsImported = 0;
  let frozen = false;
  /** An export was left cut short (caught mid-copy): the next tick finishes it. */
  let cut = false;
  const firstSeen = new Map<string, number>();

  const count = (route: string): void => {
    stats.requests++;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };

  const writeExports = (): void => {
    count('export');
    const kind = faults.next('read');
    exportSeq++;
    const rows = tenant.exportRows();
    const seq = String(exportSeq).padStart(6, '0');
    for (const name of ['employees', 'jobHistory', 'goals', 'notes'] as const) {
      let head: string[] = [...HEADERS[name]];
      let body = rows[name];
      if (name === 'employees' && quirks.repeatReportRows === true) body = [...body, ...body.slice(0, 3)];
      if (kind === 'drift') [head, body] = [[...head, 'Cost Center'], body.map((r) => [...r, 'CC-100'])];
      if (kind === 'malformed' && name === 'employees' && body[1] !== undefined) body[1] = [body[1][0] ?? ''];
      let text = toCsvText(head, body);
      const sig = signatureOf(text, key);
      cut = kind === 'truncated';
      if (cut && name === 'employees') text = text.slice(0, Math.floor(text.length / 2));
      const file = `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${seq}.csv`;
      writeWhole(dirs.exports, `${file}.sig`, sig);
      writeWhole(dirs.exports, file, text);
    }
    const old = readdirSync(dirs.exports).filter((n) => /-(\d{6})\.csv(\.sig)?$/.test(n));
    for (const n of old)
      if (Number(/-(\d{6})\.csv/.exec(n)?.[1]) <= exportSeq - KEEP_EXPORTS) rmSync(join(dirs.exports, n));
  };

  const archive = (name: string, to: string): void => {
    for (const n of [name, `${name}.sig`])
      if (existsSync(join(dirs.outbox, n))) renameSync(join(dirs.outbox, n), join(to, n));
  };

  /** One file: its rows imported, each refused row listed (line, change id, why). */
  const importFile = (name: string): { errors: string[][] } => {
    const text = readFileSync(join(dirs.outbox, name), 'utf8');
    const sig = existsSync(join(dirs.outbox, `${name}.sig`))
      ? readFileSync(join(dirs.outbox, `${name}.sig`), 'utf8')
      : '';
    if (sig.trim() !== signatureOf(text, key)) return { errors: [['0', '', 'the signature does not match']] };
    const table = parseCsv(text, ',');
    if (table.header.join(',') !== OUTBOX_COLUMNS.join(','))
      return { errors: [['1', '', `the header is not the import template (${OUTBOX_COLUMNS.join(',')})`]] };
    const errors: string[][] = [];
    for (const row of table.rows) {
      const parsed = outboxRow.safeParse(Object.fromEntries(OUTBOX_COLUMNS.map((c) => [c, row.cells.get(c) ?? ''])));
      const id = row.cells.get('change_id') ?? '';
      rowsImported++;
      // One row is one write, as one API call is for the other HRIS.
      stats.writes++;
      const every = Number(quirks.failWritesEvery ?? 0);
      const why = !parsed.success
        ? (parsed.error.issues[0]?.message ?? 'bad row')
        : every > 0 && rowsImported % every === 0
          ? 'the import failed for this row (server error)'
          : tenant.importRow(parsed.data);
      if (why !== null) errors.push([String(row.line), id, why]);
    }
    return { errors };
  };

  const importPending = (): void => {
    const names = readdirSync(dirs.outbox)
      .filter((n) => n.endsWith('.csv') && !n.startsWith('.'))
      .sort();
    let changed = false;
    const done: { name: string; to: string }[] = [];
    for (const name of names) {
      if (frozen) break;
      count('import');
      const kind = faults.next('write');
      if (kind === 'frozen') frozen = true;
      const seen = firstSeen.get(name) ?? Date.now();
      firstSeen.set(name, seen);
      const slow = kind === 'slow' && Date.now() - seen < 200;
      if (frozen || slow || kind === 'status-429' || kind === 'status-503' || kind === 'reset-before') break;
      if (kind === 'status-500') {
        writeWhole(
          rejected,
          `${name}.errors.csv`,
          toCsvText(['line', 'change_id', 'error'], [['0', '', 'import failed']]),
        );
        done.push({ name, to: rejected });
        continue;
      }
      const result = importFile(name);
      changed = true;
      if (result.errors.length > 0)
        writeWhole(rejected, `${name}.errors.csv`, toCsvText(['line', 'change_id', 'error'], result.errors));
      const wholeFile = result.errors.some((e) => e[1] === '');
      if (wholeFile) done.push({ name, to: rejected });
      // Processed but not archived: imported again next time (the rows are upserts, so nothing changes).
      else if (kind !== 'timeout' && kind !== 'reset-after') done.push({ name, to: processed });
    }
    // The HRIS re-exports before it archives: a reader sees a file pending or in the export, never in neither.
    if (changed || cut) writeExports();
    for (const d of done) archive(d.name, d.to);
  };

  writeExports();
  const tickMs = (): number => Number(quirks.importEveryMs ?? 100);
  let timer = setInterval(() => importPending(), tickMs());
  timer.unref();

  const canonicalStatus = Object.fromEntries(Object.entries(FLAG_WORDS).map(([k, v]) => [v, k]));

  return {
    type: 'csv-drop',
    baseUrl: pathToFileURL(root).href,
    env: { [KEY_ENV]: key },
    connectorConfig: (id) => ({
      id,
      type: 'csv-drop',
      exports: {
        employees: join(dirs.exports, 'employees-*.csv'),
        jobHistory: join(dirs.exports, 'job-history-*.csv'),
        goals: join(dirs.exports, 'goals-*.csv'),
        notes: join(dirs.exports, 'notes-*.csv'),
      },
      outbox: dirs.outbox,
      // The importer runs every 100 ms: apply waits for it and reports refused rows as failed.
      awaitImportSeconds: 10,
      // Small files, as an import with a row limit takes them: a run is many files, so a kill lands between two.
      batchSize: 50,
      dateFormat: 'MM/dd/yyyy',
      columns: {
        employees: {
          id: 'Employee ID',
          firstName: 'First Name',
          lastName: 'Last Name',
          email: 'Work Email',
          grade: 'Grade',
          jobFamily: 'Job Family',
          manager: 'Manager ID',
          status: 'Status',
          department: 'Department',
          hireDate: 'Hire Date',
          locale: 'Locale',
          eligibility: 'AI Fluency Eligibility',
          reason: 'AI Fluency Reason',
        },
        jobHistory: {
          employeeId: 'Employee ID',
          effectiveDate: 'Effective Date',
          grade: 'Grade',
          jobFamily: 'Job Family',
        },
        goals: {
          id: 'Goal ID',
          employeeId: 'Employee ID',
          reference: 'External Ref',
          title: 'Title',
          description: 'Description',
          dueDate: 'Due Date',
          percentComplete: 'Percent Complete',
          status: 'Status',
        },
        notes: {
          id: 'Note ID',
          employeeId: 'Employee ID',
          promotionDate: 'Promotion Date',
          fromGrade: 'From Grade',
          toGrade: 'To Grade',
          note: 'Note',
        },
      },
      statuses: { active: ['Active'], inactive: ['On Leave'], terminated: ['Terminated'] },
      values: {
        eligible: FLAG_WORDS.eligible,
        notEligible: FLAG_WORDS['not-eligible'],
        onTrack: STATUS_WORDS['on-track'],
        behind: STATUS_WORDS.behind,
        achieved: STATUS_WORDS.achieved,
        closed: CLOSED,
      },
      signature: { key: { env: KEY_ENV } },
    }),
    stats: () => {
      importPending();
      return { ...stats, byRoute: { ...stats.byRoute } };
    },
    resetStats: () => {
      importPending();
      stats = fresh();
    },
    setQuirks: (q) => {
      // Files waiting now are imported under the quirks they were dropped with.
      importPending();
      quirks = { ...quirks, ...q };
      if (q.faults !== undefined) {
        faults.set(q.faults);
        if (q.faults.length === 0) frozen = false;
      }
      if (q.importEveryMs !== undefined) {
        clearInterval(timer);
        timer = setInterval(() => importPending(), tickMs());
        timer.unref();
      }
    },
    snapshot: (): SandboxSnapshot => {
      importPending();
      const goals: SandboxSnapshot['goals'] = {};
      for (const [id, list] of tenant.goals)
        goals[id] = list.map((g) => ({
          id: g.id,
          title: g.title,
          description: g.description,
          percentComplete: g.percent,
          closed: g.status === CLOSED,
          dueDate: g.dueDate === '' ? null : g.dueDate,
        }));
      const eligibility: SandboxSnapshot['eligibility'] = {};
      for (const [id, f] of tenant.flags)
        eligibility[id] = { value: canonicalStatus[f.value] ?? null, reason: f.reason };
      const exceptionNotes: SandboxSnapshot['exceptionNotes'] = {};
      for (const [id, list] of tenant.notes)
        if (list.length > 0)
          exceptionNotes[id] = list.map((n) => ({
            promotionDate: n.date,
            fromGrade: n.from,
            toGrade: n.to,
            note: n.note,
          }));
      return { goals, eligibility, exceptionNotes };
    },
    setFlagByHand: (employeeId, flag) => {
      tenant.flags.set(employeeId, { value: FLAG_WORDS[flag.value], reason: flag.reason });
      writeExports();
    },
    setGradeByHand: (employeeId, grade, effectiveDate) => {
      const e = tenant.people.get(employeeId);
      if (e === undefined) throw new Error(`no employee ${employeeId}`);
      e.jobHistory.push({
        effectiveDate,
        grade,
        jobFamily: e.jobFamily,
        jobFamilies: e.jobFamilies,
        jobTitle: e.jobTitle,
        event: null,
      });
      writeExports();
    },
    close: async () => {
      clearInterval(timer);
      rmSync(root, { recursive: true, force: true });
    },
  };
};
