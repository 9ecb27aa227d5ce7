import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvDropConnector } from '../../../connectors/csv-drop/index.js';
import type {
  ConnectorContext,
  ConnectorSession,
  EmployeeRecord,
  ReadOptions,
  RunningSandbox,
} from '../../../src/connector.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { FluencyError } from '../../../src/errors.js';
import { defaultHttpSettings } from '../../../src/http/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { Change } from '../../../schemas/index.js';

const AS_OF = '2027-06-30';
const TITLE = 'AI fluency development goal FY2027';
const org = generateSyntheticOrg({
  asOf: AS_OF,
  employees: 30,
  seed: 4,
  standardGoalTitle: TITLE,
  cycleEnd: '2027-12-31',
});
const options: ReadOptions = {
  asOf: AS_OF,
  cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
  goal: { cycleId: 'FY2027', title: TITLE, markerPrefix: '[fluencyflow:FY2027:', referenceIdPrefix: 'FLUENCY-FY2027-' },
};

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const start = async (): Promise<RunningSandbox> => {
  sandbox = await csvDropConnector.sandbox.start({ org, port: 0 });
  return sandbox;
};

const sessionOn = (sb: RunningSandbox, over: Record<string, unknown> = {}, env = sb.env): ConnectorSession => {
  const context: ConnectorContext = {
    logger: silentLogger,
    baseDir: mkdtempSync(join(tmpdir(), 'ff-csv-test-')),
    cacheDir: tmpdir(),
    http: defaultHttpSettings,
    configPath: 'connectors[0]',
    now: () => 0,
    asOf: () => AS_OF,
    resolveSecret: async (ref) => ('env' in ref ? (env[ref.env] ?? '') : ''),
  };
  const block = { ...sb.connectorConfig('smallco'), ...over };
  return csvDropConnector.create(csvDropConnector.configSchema.parse(block), context);
};

const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(options)) out.push(...page);
  return out;
};

const failure = async (p: Promise<unknown>): Promise<FluencyError> => {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof FluencyError)) throw new Error(`expected a FluencyError, got ${String(e)}`);
  return e;
};

const activeId = (): string => org.employees.find((e) => e.status === 'active')?.id ?? '';
const changesFor = (id: string): Change[] => [
  {
    key: `goal-${id}`,
    connector: 'smallco',
    employeeId: id,
    action: 'create',
    reason: 'new cycle',
    kind: 'goal',
    before: null,
    after: {
      title: TITLE,
      description: 'Reach practitioner.',
      dueDate: '2027-12-31',
      percentComplete: 20,
      status: 'on-track',
      targetLevel: 'practitioner',
      marker: `Ref: FLUENCY-FY2027-${id}`,
      referenceId: `FLUENCY-FY2027-${id}`,
      cycleStart: '2027-01-01',
    },
  },
  {
    key: `flag-${id}`,
    connector: 'smallco',
    employeeId: id,
    action: 'create',
    reason: '',
    kind: 'eligibility',
    before: null,
    after: { value: 'eligible', reason: '=criterion met' },
  },
];

describe('csv-drop connector against its sandbox', () => {
  it('reads every employee through the column mapping, as of the date (later job records ignored)', async () => {
    const records = await readAll(sessionOn(await start()));
    expect(records.map((r) => r.employee.id).sort()).toEqual(org.employees.map((e) => e.id).sort());
    for (const r of records) expect(r.employee.jobHistory.every((h) => h.effectiveDate <= AS_OF)).toBe(true);
    const byId = new Map(org.employees.map((e) => [e.id, e]));
    for (const r of records) expect(r.employee.status, r.employee.id).toBe(byId.get(r.employee.id)?.status);
  });

  it('reports a bad row with file and line and skips it, never silently', async () => {
    const sb = await start();
    sb.setQuirks({ faults: [{ kind: 'malformed', on: 'read', times: 1 }] });
    sb.setFlagByHand(activeId(), { value: 'eligible', reason: 'by hand', by: 'hrbp' });
    const s = sessionOn(sb);
    const records = await readAll(s);
    expect(records).toHaveLength(org.employees.length - 1);
    expect(s.warnings()).toEqual([
      expect.stringMatching(/exports\/employees-\d{6}\.csv:3: skipped \(1 fields where the header has 13\)/),
    ]);
  });

  it('refuses an export cut short, and a wrong signing key with FF_AUTH_FAILED that never shows the key', async () => {
    const sb = await start();
    const wrong = { FF_CSV_DROP_SIGNING_KEY: 'not-the-key-0123456789' };
    const auth = await failure(readAll(sessionOn(sb, {}, wrong)));
    expect(auth.code).toBe('FF_AUTH_FAILED');
    expect(`${auth.message} ${JSON.stringify(auth)}`).not.toContain('not-the-key-0123456789');
    // The importer's tick would finish the cut file: it waits while the connector reads.
    sb.setQuirks({ importEveryMs: 3_600_000, faults: [{ kind: 'truncated', on: 'read', times: 1 }] });
    sb.setFlagByHand(activeId(), { value: 'eligible', reason: 'by hand', by: 'hrbp' });
    const cut = await failure(readAll(sessionOn(sb)));
    expect(cut.code).toBe('FF_UNEXPECTED_RESPONSE');
    expect(cut.message).toMatch(/employees-\d{6}\.csv: the file ends inside a line/);
  });

  it('check names a misspelt column with a did-you-mean, and an outbox it cannot write', async () => {
    const sb = await start();
    const cfg = sb.connectorConfig('smallco');
    const ok = await sessionOn(sb).check();
    expect(ok.filter((i) => !i.ok)).toEqual([]);
    const columns = {
      ...Object(cfg['columns']),
      employees: { ...Object(Object(cfg['columns'])['employees']), email: 'Work Emial' },
    };
    const typo = await sessionOn(sb, { columns }).check();
    expect(typo.find((i) => i.name === 'exports.employees')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('email: "Work Emial" (did you mean "Work Email"?)'),
    });
    const file = join(mkdtempSync(join(tmpdir(), 'ff-csv-file-')), 'not-a-folder');
    writeFileSync(file, '');
    const blocked = await sessionOn(sb, { outbox: join(file, 'import') }).check();
    expect(blocked.find((i) => i.name === 'outbox')?.ok).toBe(false);
  });

  it('a batch lands as one file; the same batch again (a run killed before its outcome) writes nothing', async () => {
    const sb = await start();
    sb.setQuirks({ importEveryMs: 3_600_000 });
    const outbox = String(sb.connectorConfig('x')['outbox']);
    const s = sessionOn(sb, { awaitImportSeconds: 0 });
    // A temp file left by a killed write is never read as a file of changes.
    writeFileSync(join(outbox, '.fluencyflow-smallco-000009-0.csv.tmp'), 'change_id,rec');
    const first = await s.apply(changesFor(activeId()), options);
    expect(first.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    const files = () => readdirSync(outbox).filter((n) => n.endsWith('.csv'));
    expect(files()).toHaveLength(1);
    const again = await s.apply(changesFor(activeId()), options);
    expect(again.map((o) => o.outcome)).toEqual(['noop', 'noop']);
    expect(files()).toHaveLength(1);
    // Not imported yet, but counted as written.
    const held = (await readAll(s)).find((r) => r.employee.id === activeId())?.current;
    expect(held?.eligibility).toEqual({ value: 'eligible', reason: '=criterion met' });
    expect(sb.snapshot().eligibility[activeId()]).toEqual({ value: 'eligible', reason: '=criterion met' });
  });

  it('rows the HRIS refuses come back as failed, naming its error report', async () => {
    const sb = await start();
    sb.setQuirks({ failWritesEvery: 1 });
    const outcomes = await sessionOn(sb).apply(changesFor(activeId()), options);
    expect(outcomes.map((o) => [o.outcome, o.error?.code])).toEqual([
      ['failed', 'FF_REJECTED'],
      ['failed', 'FF_REJECTED'],
    ]);
    expect(outcomes[0]?.error?.where).toMatch(/rejected\/fluencyflow-smallco-000001-[0-9a-f]{12}\.csv\.errors\.csv$/);
    expect(sb.snapshot().goals[activeId()] ?? []).toEqual([]);
  });
});
