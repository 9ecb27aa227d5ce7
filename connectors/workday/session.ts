import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { ConnectorContext, ConnectorSession, Discovery } from '../../src/connector.js';
import { applyChanges, type ApplyDeps } from './apply.js';
import { revertChanges } from './revert.js';
import { createCredentials } from './auth.js';
import { runCheck } from './check.js';
import { BULK_WRITE_MAX, createWorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import { endpointsFor } from './endpoints.js';
import type { JobProfileFacts } from './mapping.js';
import { notesBulkState } from './note-write.js';
import { createWorkerQueue } from './worker-queue.js';
import { readDelta } from './read-delta.js';
import { readEmployees, readJobProfiles, type ReaderDeps } from './read.js';
import { createServerTime } from './server-time.js';
import { getWorkersArgs } from './requests.js';
import { createSoapCaller } from './soap-client.js';
import { resolveTenantValues, type WorkdayValues } from './values.js';
import { idOf } from './wire-schemas.js';

export const createSession = (config: WorkdayConfig, context: ConnectorContext): ConnectorSession => {
  const endpoints = endpointsFor(config);
  const credentials = createCredentials(config, context, endpoints);
  const serverTime = createServerTime();
  const soap = createSoapCaller(config, context, endpoints, credentials, serverTime);
  const client = createWorkdayClient(config, context, endpoints, soap, credentials);
  const warnings = new Set<string>();
  // Bulk note writes are verified once a session (note-write.ts).
  const notesBulk = notesBulkState();
  // A worker's note writes by Edit_Worker_Additional_Data, one batch at a time (worker-queue.ts).
  const noteWrites = createWorkerQueue();
  const wids = new Map<string, string>();
  // As_Of_Entry_DateTime: Workday's own time once an answer gave it, before that the engine's clock; the connector
  // never reads the wall clock.
  const entryMoment = () =>
    serverTime.now() ?? DateTime.fromMillis(context.now(), { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? '';
  let fullReadWatermark: string | null = null;

  const profilesByDate = new Map<string, Promise<Map<string, JobProfileFacts>>>();
  const jobProfiles = (asOf: string): Promise<Map<string, JobProfileFacts>> => {
    let p = profilesByDate.get(asOf);
    if (!p) {
      p = readJobProfiles({ config, client }, asOf, entryMoment());
      p.catch(() => profilesByDate.delete(asOf));
      profilesByDate.set(asOf, p);
    }
    return p;
  };

  let resolved: Promise<WorkdayValues> | null = null;
  const values = (): Promise<WorkdayValues> => {
    if (!resolved) {
      const p = resolveTenantValues(config, client, context.configPath);
      p.catch(() => {
        if (resolved === p) resolved = null;
      });
      resolved = p;
    }
    return resolved;
  };

  const widOf = async (employeeId: string, asOf: string): Promise<string | null> => {
    const known = wids.get(employeeId);
    if (known) return known;
    const r = await client.getWorkers(
      getWorkersArgs(
        config,
        { asOf, entryMoment: entryMoment(), page: 1, count: 1 },
        { employeeIds: [employeeId], full: false },
      ),
    );
    const wid = idOf(r.Response_Data?.Worker[0]?.Worker_Reference, 'WID');
    if (wid) wids.set(employeeId, wid);
    return wid;
  };

  /** WIDs of many workers: the ones read already, the rest in one Get_Workers per page of ids. */
  const widsOf = async (employeeIds: readonly string[], asOf: string): Promise<Map<string, string>> => {
    const missing = [...new Set(employeeIds.filter((id) => !wids.has(id)))];
    for (let i = 0; i < missing.length; i += config.pageSize) {
      const batch = missing.slice(i, i + config.pageSize);
      const r = await client.getWorkers(
        getWorkersArgs(
          config,
          { asOf, entryMoment: entryMoment(), page: 1, count: batch.length },
          { employeeIds: batch, full: false },
        ),
      );
      for (const w of r.Response_Data?.Worker ?? []) {
        const wid = idOf(w.Worker_Reference, 'WID');
        const id = idOf(w.Worker_Reference, 'Employee_ID') ?? idOf(w.Worker_Reference, 'Contingent_Worker_ID');
        if (wid && id) wids.set(id, wid);
      }
    }
    return new Map(
      employeeIds.flatMap((id) => {
        const wid = wids.get(id);
        return wid ? [[id, wid] as const] : [];
      }),
    );
  };

  /** What apply and revert write with; Workday IDs are resolved as of the run's date. */
  const writeDeps = async (asOf: string): Promise<ApplyDeps> => ({
    config,
    client,
    values: await values(),
    widOf: (id) => widOf(id, asOf),
    widsOf: (ids) => widsOf(ids, asOf),
    configPath: context.configPath,
    warn: (m: string) => warnings.add(m),
    notesBulk,
    noteWrites,
  });

  const readerDeps = async (): Promise<ReaderDeps> => ({
    config,
    client,
    profiles: jobProfiles,
    values: await values(),
    configPath: context.configPath,
    entryMoment,
    serverSettled: () => serverTime.settled((ms) => sleep(ms)),
    warn: (m: string) => warnings.add(m),
    remember: (id: string, wid: string) => {
      wids.set(id, wid);
    },
  });

  const discover = async (): Promise<Discovery> => {
    const asOf = context.asOf();
    const [map, chosen] = await Promise.all([jobProfiles(asOf), values()]);
    const names = new Set<string>();
    for (const p of map.values()) {
      const g =
        config.grade === 'jobLevel'
          ? p.jobLevel
          : config.grade === 'managementLevel'
            ? p.managementLevel
            : p.compensationGrade;
      if (g !== null) names.add(g);
    }
    const order = config.gradeOrder;
    const grades = [...names]
      .map((g) => ({ id: g, name: g, rank: order ? (order.indexOf(g) >= 0 ? order.indexOf(g) : null) : null }))
      .sort(
        (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.id.localeCompare(b.id, undefined, { numeric: true }),
      );
    // The job families of the job profiles in force on D: `check` compares the policy's family names with them.
    const jobFamilies = [...new Set([...map.values()].flatMap((p) => p.jobFamilies))].sort();
    return {
      values: chosen.choices,
      grades,
      jobFamilies,
      gradesOrdered: order !== undefined,
      goalPlans: [],
      goalCategories: [],
      customFields: [
        {
          id: `${config.customObject}.${config.fields.eligible}`,
          name: config.fields.eligible,
          type: chosen.eligibility.kind === 'list' ? 'custom list' : 'text',
          note: `single-instance custom object ${config.customObject}`,
        },
        {
          id: `${config.customObject}.${config.fields.reason}`,
          name: config.fields.reason,
          type: 'text',
          note: `single-instance custom object ${config.customObject}`,
        },
        ...[config.fields.promotionDate, config.fields.fromGrade, config.fields.toGrade, config.fields.note].map(
          (f) => ({
            id: `${config.exceptionObject}.${f}`,
            name: f,
            type: f === config.fields.promotionDate ? 'date' : 'text',
            note: `multi-instance custom object ${config.exceptionObject}`,
          }),
        ),
      ],
    };
  };

  return {
    id: config.id,
    type: 'workday',
    maxBatchSize: BULK_WRITE_MAX,
    check: () =>
      runCheck({
        config,
        client,
        soap,
        configPath: context.configPath,
        asOf: context.asOf(),
        entryMoment: entryMoment(),
        profiles: jobProfiles,
        values,
      }),
    discover,
    resolveValues: async () => (await values()).choices,
    async *readEmployees(options) {
      fullReadWatermark = null;
      const deps = { ...(await readerDeps()), dated: (w: string | null) => (fullReadWatermark = w) };
      for await (const page of readEmployees(deps, options, config.id)) {
        yield page;
      }
    },
    readWatermark: () => fullReadWatermark,
    readDelta: async (options, request) => readDelta(await readerDeps(), options, request, config.id),
    apply: async (changes, options) => applyChanges(await writeDeps(options.asOf), changes, options),
    goalRemoval: 'close',
    revert: async (changes, options) => revertChanges(await writeDeps(options.asOf), changes, options),
    warnings: () => [...warnings],
    close: async () => {},
  };
};
