/**
 * Workday exception notes read through WQL (`wql.exceptionDataSource`): in pages of 100 when that is fewer calls than
 * one customObject/v2 read per worker that needs them, per worker otherwise; without the data source per worker, with
 * one warning, and `check` says which. The sandbox counts each call by route.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import { RejectedError } from '../../../src/errors.js';
import { workdayConnector } from '../../../connectors/workday/index.js';
import { workdayConfigSchema } from '../../../connectors/workday/config.js';
import { noteReader } from '../../../connectors/workday/notes-read.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { WQL_EXCEPTION_SOURCE, WQL_SOURCE } from '../../../connectors/workday/sandbox/wql.js';
import { readOptions, sandboxConfig, smallOrg, testContext } from './helpers.js';
import { planFor } from './plan-helper.js';

let sb: WorkdaySandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const org = smallOrg(250, 5);
const sessionOf = async (s: WorkdaySandbox, extra: Record<string, unknown> = {}) =>
  workdayConnector.create(sandboxConfig(s.connectorConfig('us'), s.env, extra), await testContext());
const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(readOptions)) out.push(...page);
  return out;
};
const byRoute = (s: WorkdaySandbox, route: string) => s.stats().byRoute[route] ?? 0;
const notesOf = (records: EmployeeRecord[]) =>
  Object.fromEntries(records.map((r) => [r.employee.id, r.current.exceptionNotes]));

/** A sandbox whose tenant holds the notes a first plan writes (through the per-worker path). */
const withNotes = async () => {
  sb = await startWorkdaySandbox({ org, port: 0 });
  const session = await sessionOf(sb);
  const notes = planFor(await readAll(session)).filter((c) => c.kind === 'exception-note');
  expect(notes.length).toBeGreaterThan(0);
  const out = await session.apply(notes, readOptions);
  expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
  return { s: sb, notes };
};

describe('Workday exception notes read through WQL', () => {
  it('reads every note in WQL pages instead of one REST call per worker, and reads the same notes', async () => {
    const { s, notes } = await withNotes();
    const rows = Object.values(s.snapshot().exceptionNotes).flat().length;
    expect(rows).toBeGreaterThanOrEqual(notes.length);
    s.resetStats();
    const viaWql = await readAll(await sessionOf(s));
    expect(byRoute(s, 'GET customObject multi')).toBe(0);
    expect(byRoute(s, 'GET wql data exceptions')).toBe(Math.max(1, Math.ceil(rows / 100)));
    const perWorkerSession = await sessionOf(s, { wql: { dataSource: WQL_SOURCE } });
    s.resetStats();
    const perWorker = await readAll(perWorkerSession);
    expect(byRoute(s, 'GET customObject multi')).toBeGreaterThan(byRoute(s, 'GET wql data exceptions'));
    expect(notesOf(viaWql)).toEqual(notesOf(perWorker));
    expect(planFor(viaWql).filter((c) => c.kind === 'exception-note')).toEqual([]);
  });

  it('reads the instances a note write resends from the same pages, and writes one worker per call', async () => {
    sb = await startWorkdaySandbox({ org, port: 0 });
    const s = sb;
    const session = await sessionOf(s);
    const notes = planFor(await readAll(session)).filter((c) => c.kind === 'exception-note');
    const workers = new Set(notes.map((n) => n.employeeId)).size;
    expect(workers).toBeGreaterThan(1);
    s.resetStats();
    const out = await session.apply(notes, readOptions);
    expect(out.filter((o) => o.outcome !== 'applied')).toEqual([]);
    expect(byRoute(s, 'GET customObject multi')).toBe(0);
    // The tenant holds no notes yet: one page says so.
    expect(byRoute(s, 'GET wql data exceptions')).toBe(1);
    expect(byRoute(s, 'POST Staffing Edit_Worker_Additional_Data')).toBe(workers);
    const written = s.snapshot().exceptionNotes;
    for (const n of notes) if (n.kind === 'exception-note') expect(written[n.employeeId]).toContainEqual(n.after);
  });

  it('falls back to per-worker reads with one warning when the tenant refuses the data source, and check says so', async () => {
    const { s } = await withNotes();
    const good = await readAll(await sessionOf(s));
    const session = await sessionOf(s, { wql: { dataSource: WQL_SOURCE, exceptionDataSource: 'fluencyNotesMissing' } });
    s.resetStats();
    const records = await readAll(session);
    await readAll(session);
    expect(notesOf(records)).toEqual(notesOf(good));
    expect(byRoute(s, 'GET customObject multi')).toBeGreaterThan(1);
    // Per read: one page of flags (none written yet) and the refused notes query once; then each worker on its own.
    expect(byRoute(s, 'GET wql data')).toBe(4);
    const warnings = session.warnings().filter((w) => w.includes('exceptionDataSource'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^connectors\[0\]\.wql\.exceptionDataSource: the WQL data source fluencyNotesMissing/);
    expect(warnings[0]).toContain('Bulk reads');
    const item = (await session.check()).find((i) => i.name.includes('exception notes'));
    expect(item?.ok).toBe(false);
    expect(item?.detail).toContain('has no WQL data source fluencyNotesMissing');
  });

  it('without exceptionDataSource, reads per worker, warns once, and check says it is not set', async () => {
    const { s } = await withNotes();
    const session = await sessionOf(s, { wql: { dataSource: WQL_SOURCE } });
    await readAll(session);
    await readAll(session);
    expect(session.warnings().filter((w) => w.includes('exceptionDataSource: not set'))).toHaveLength(1);
    const item = (await session.check()).find((i) => i.name.includes('exception notes'));
    expect(item?.ok).toBe(true);
    expect(item?.detail).toMatch(/^not set/);
  });

  it('check verifies the data source, its fields and the query', async () => {
    sb = await startWorkdaySandbox({ org, port: 0 });
    const item = (await (await sessionOf(sb)).check()).find((i) => i.name.includes('exception notes'));
    expect(item?.ok).toBe(true);
    expect(item?.detail).toBe(`${WQL_EXCEPTION_SOURCE} answers: exception notes are read 100 a call`);
    const renamed = await sessionOf(sb, { fields: { note: 'comment' } });
    const bad = (await renamed.check()).find((i) => i.name.includes('exception notes'));
    expect(bad?.ok).toBe(false);
    expect(bad?.detail).toContain('has no field(s) comment');
  });
});

describe('the notes reader chooses the fewer calls', () => {
  const config = workdayConfigSchema.parse({
    id: 'us',
    type: 'workday',
    host: 'h.example.com',
    tenant: 't',
    version: 'v44.0',
    auth: { username: 'isu@t', password: { env: 'X' } },
    customObject: 'elig',
    exceptionObject: 'exc',
    wql: { dataSource: 'eligSource', exceptionDataSource: 'excSource' },
  });
  /** A tenant of `rows` note rows (worker `w<i % 50>`), counting the calls of each kind. */
  const fake = (rows: number) => {
    const calls = { wql: 0, rest: 0 };
    const all = Array.from({ length: rows }, (_, i) => ({
      workdayID: `n${i}`,
      worker: { id: `w${i % 50}` },
      promotionDate: '2027-01-01',
      fromGrade: 'G1',
      toGrade: 'G2',
      note: `note ${i}`,
    }));
    const client = {
      wql: async (query: string, page: { limit: number; offset: number }) => {
        calls.wql++;
        expect(query).toBe('SELECT workdayID, worker, promotionDate, fromGrade, toGrade, note FROM excSource');
        expect(page.limit).toBe(100);
        return Promise.resolve({ total: rows, data: all.slice(page.offset, page.offset + page.limit) });
      },
      customObjectInstances: async (_alias: string, wid: string) => {
        calls.rest++;
        return Promise.resolve(all.filter((r) => r.worker.id === wid).map((r) => ({ ...r, id: r.workdayID })));
      },
    };
    return { calls, client };
  };
  const warn = () => undefined;

  it('reads one worker with one REST call, and no WQL', async () => {
    const { calls, client } = fake(250);
    const got = await noteReader({ config, client, configPath: 'c', warn }).read(['w3']);
    expect(calls).toEqual({ wql: 0, rest: 1 });
    expect(got.get('w3')).toHaveLength(5);
  });

  it('pages when the pages left are no more than the workers asked about', async () => {
    const { calls, client } = fake(250);
    const reader = noteReader({ config, client, configPath: 'c', warn });
    const got = await reader.read(['w1', 'w2']);
    expect(calls).toEqual({ wql: 3, rest: 0 });
    expect(got.get('w1')?.map((n) => n['id'])).toEqual(['n1', 'n51', 'n101', 'n151', 'n201']);
    await reader.read(['w7', 'w8', 'w9']);
    expect(calls).toEqual({ wql: 3, rest: 0 });
  });

  it('reads per worker while that is fewer calls, then pages once the calls made would pay for the pages', async () => {
    const { calls, client } = fake(1000);
    const reader = noteReader({ config, client, configPath: 'c', warn });
    await reader.read(['w1', 'w2', 'w3']);
    expect(calls).toEqual({ wql: 1, rest: 3 });
    const got = await reader.read(['w4', 'w5', 'w6', 'w7', 'w8', 'w9']);
    expect(calls).toEqual({ wql: 10, rest: 3 });
    expect(got.get('w9')).toHaveLength(20);
  });

  it('throws a failure that is not a missing set-up, rather than read notes that are not there', async () => {
    const { client } = fake(250);
    const failing = { ...client, wql: async () => Promise.reject(new Error('socket hang up')) };
    await expect(noteReader({ config, client: failing, configPath: 'c', warn }).read(['w1', 'w2'])).rejects.toThrow(
      'socket hang up',
    );
    const refused = {
      ...client,
      wql: async () =>
        Promise.reject(new RejectedError('Invalid data source: excSource', { connector: 'us', status: 400 })),
    };
    const warnings: string[] = [];
    const reader = noteReader({ config, client: refused, configPath: 'c', warn: (m) => warnings.push(m) });
    expect((await reader.read(['w1', 'w2'])).get('w2')).toHaveLength(5);
    expect(warnings).toHaveLength(1);
  });
});
