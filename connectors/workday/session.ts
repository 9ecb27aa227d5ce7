import { DateTime } from 'luxon';
import type { CheckItem, ConnectorContext, ConnectorSession, Discovery } from '../../src/connector.js';
import { FluencyError } from '../../src/errors.js';
import { chooseValue } from '../../src/connector-kit/tenant-values.js';
import { applyChanges } from './apply-changes.js';
import { createCredentials } from './auth.js';
import { createWorkdayClient } from './client.js';
import type { WorkdayConfig, WorkdayService } from './config.js';
import { endpointsFor } from './endpoints.js';
import type { JobProfileFacts } from './mapping.js';
import { readEmployees, readJobProfiles } from './read-employees.js';
import { getWorkersArgs } from './requests.js';
import { createSoapCaller } from './soap-client.js';
import { idOf } from './wire-schemas.js';

const failed = (name: string, e: unknown): CheckItem => ({ name, ok: false, detail: e instanceof FluencyError ? `${e.code}: ${e.message}` : 'unexpected failure' });

export const createWorkdaySession = (config: WorkdayConfig, context: ConnectorContext): ConnectorSession => {
  const endpoints = endpointsFor(config);
  const credentials = createCredentials(config, context, endpoints);
  const soap = createSoapCaller(config, context, endpoints, credentials);
  const client = createWorkdayClient(config, context, endpoints, soap, credentials);
  const warnings = new Set<string>();
  const wids = new Map<string, string>();
  const now = () => DateTime.utc().toISO({ suppressMilliseconds: true }) ?? '';
  const today = () => DateTime.utc().toISODate() ?? '';
  let profiles: Promise<Map<string, JobProfileFacts>> | null = null;
  const jobProfiles = () => (profiles ??= readJobProfiles({ config, client }, today(), now()));

  const widOf = async (employeeId: string): Promise<string | null> => {
    const known = wids.get(employeeId);
    if (known) return known;
    const r = await client.getWorkers(getWorkersArgs(config, { asOf: today(), entryMoment: now(), page: 1, count: 1 }, { employeeIds: [employeeId], full: false }));
    const wid = idOf(r.Response_Data?.Worker[0]?.Worker_Reference, 'WID');
    if (wid) wids.set(employeeId, wid);
    return wid;
  };

  const check = async (): Promise<CheckItem[]> => {
    const items: CheckItem[] = [];
    let firstWid: string | null = null;
    try {
      // The cheapest authenticated call first: one worker, references only. A bad password stops here.
      const r = await client.getWorkers({ attributes: { 'wd:version': config.version }, Response_Filter: { As_Of_Effective_Date: today(), As_Of_Entry_DateTime: now(), Page: 1, Count: 1 }, Response_Group: { Include_Reference: true } });
      firstWid = idOf(r.Response_Data?.Worker[0]?.Worker_Reference, 'WID');
      items.push({ name: 'Get_Workers (Human_Resources)', ok: true, detail: `signed in; ${r.Response_Results?.Total_Results ?? '?'} workers visible` });
    } catch (e) {
      return [failed('Get_Workers (Human_Resources)', e)];
    }
    try {
      const map = await jobProfiles();
      items.push({ name: 'Get_Job_Profiles (Human_Resources)', ok: true, detail: `${map.size} job profiles` });
    } catch (e) {
      items.push(failed('Get_Job_Profiles (Human_Resources)', e));
    }
    const ops: [WorkdayService, string][] = [['Performance_Management', 'Manage_Goals'], ['Staffing', 'Edit_Worker_Additional_Data']];
    for (const [service, op] of ops) {
      try {
        const ok = await soap.hasOperation(service, op);
        items.push({ name: `${op} (${service})`, ok, detail: ok ? 'operation found in the WSDL' : `the ${service} WSDL has no ${op}` });
      } catch (e) {
        items.push(failed(`${op} (${service})`, e));
      }
    }
    if (firstWid !== null) {
      const wid = firstWid;
      for (const [label, read] of [
        [`custom object ${config.customObject}`, () => client.customObject(config.customObject, wid)],
        [`custom object ${config.exceptionObject}`, () => client.customObjectInstances(config.exceptionObject, wid)],
      ] as const) {
        try {
          await read();
          items.push({ name: label, ok: true, detail: 'readable through customObject/v2' });
        } catch (e) {
          items.push(failed(label, e));
        }
      }
    }
    return items;
  };

  // Interim: the configured values, not yet read from the tenant (replaced by the tenant-truth work).
  const uncheckedValues = () => [
    ...(['eligible', 'not-eligible'] as const).map((meaning) =>
      chooseValue({
        connector: config.id,
        list: 'eligibility',
        meaning,
        configured: meaning === 'eligible' ? config.values.eligible : config.values.notEligible,
        configPath: `${context.configPath}.values.${meaning === 'eligible' ? 'eligible' : 'notEligible'}`,
        candidates: null,
        from: `${config.customObject}.${config.fields.eligible}`,
        fallback: meaning,
      }),
    ),
    ...(['on-track', 'behind', 'achieved'] as const).map((meaning) =>
      chooseValue({
        connector: config.id,
        list: 'goal status',
        meaning,
        configured: config.values.goalStatus[meaning],
        configPath: `${context.configPath}.values.goalStatus.${meaning}`,
        candidates: null,
        from: 'values/manageGoals/status',
        fallback: meaning,
      }),
    ),
  ];

  const discover = async (): Promise<Discovery> => {
    const map = await jobProfiles();
    const names = new Set<string>();
    for (const p of map.values()) {
      const g = config.grade === 'jobLevel' ? p.jobLevel : config.grade === 'managementLevel' ? p.managementLevel : p.compensationGrade;
      if (g !== null) names.add(g);
    }
    const order = config.gradeOrder;
    const grades = [...names]
      .map((g) => ({ id: g, name: g, rank: order ? (order.indexOf(g) >= 0 ? order.indexOf(g) : null) : null }))
      .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.id.localeCompare(b.id, undefined, { numeric: true }));
    return {
      values: uncheckedValues(),
      grades,
      gradesOrdered: order !== undefined,
      goalPlans: [],
      goalCategories: [],
      customFields: [
        { id: `${config.customObject}.${config.fields.eligible}`, name: config.fields.eligible, type: 'text', note: `single-instance custom object ${config.customObject}` },
        { id: `${config.customObject}.${config.fields.reason}`, name: config.fields.reason, type: 'text', note: `single-instance custom object ${config.customObject}` },
        ...[config.fields.promotionDate, config.fields.fromGrade, config.fields.toGrade, config.fields.note].map((f) => ({
          id: `${config.exceptionObject}.${f}`,
          name: f,
          type: f === config.fields.promotionDate ? 'date' : 'text',
          note: `multi-instance custom object ${config.exceptionObject}`,
        })),
      ],
    };
  };

  return {
    id: config.id,
    type: 'workday',
    maxBatchSize: 50,
    check,
    discover,
    resolveValues: async () => uncheckedValues(),
    async *readEmployees(options) {
      const reader = readEmployees({ config, client, profiles: jobProfiles, warn: (m) => warnings.add(m), remember: (id, wid) => wids.set(id, wid) }, options, config.id);
      for await (const page of reader) {
        yield page;
      }
    },
    apply: (changes, options) => applyChanges({ config, client, widOf }, changes, options),
    warnings: () => [...warnings],
    close: async () => {},
  };
};
