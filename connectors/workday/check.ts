import type { CheckItem } from '../../src/connector.js';
import { FluencyError } from '../../src/errors.js';
import { WQL_PAGE_MAX, type WorkdayClient } from './client.js';
import { eligibilityQuery } from './eligibility-read.js';
import { noteReferenceItem } from './check-notes.js';
import { noteFieldAliases, notesQuery } from './notes-read.js';
import type { WorkdayConfig, WorkdayService } from './config.js';
import type { JobProfileFacts } from './mapping.js';
import { getWorkersArgs } from './requests.js';
import type { SoapCaller } from './soap-client.js';
import type { WorkdayValues } from './values.js';
import { idOf } from './wire-schemas.js';

export interface CheckDeps {
  config: WorkdayConfig;
  client: WorkdayClient;
  soap: SoapCaller;
  /** Where the connector's block sits in the config (`connectors[0]`). */
  configPath: string;
  asOf: string;
  entryMoment: string;
  profiles: (asOf: string) => Promise<ReadonlyMap<string, JobProfileFacts>>;
  values: () => Promise<WorkdayValues>;
}

/** What to do about a failure, by error code: the config path to fix or the domain to grant. */
const advice = (e: FluencyError, path: string, domains: string): string => {
  switch (e.code) {
    case 'FF_AUTH_FAILED':
      return (
        `Check ${path}.auth: the user is ISU_name@tenant and its password (or the OAuth client and refresh ` +
        'token) is current.'
      );
    case 'FF_NOT_FOUND':
      return `Check ${path}.tenant, ${path}.host / baseUrl and ${path}.version: the tenant's service is not there.`;
    case 'FF_NETWORK':
      return `Check ${path}.host / baseUrl and the network path.`;
    default:
      return `Grant the integration user's security group: ${domains}.`;
  }
};

const failed = (name: string, e: unknown, fix: (e: FluencyError) => string): CheckItem => ({
  name,
  ok: false,
  detail:
    e instanceof FluencyError
      ? [`${e.code}: ${e.message}`, fix(e)].filter((x) => x !== '').join('. ')
      : 'unexpected failure',
});

const gradeOfFacts = (f: JobProfileFacts, source: WorkdayConfig['grade']): string | null =>
  source === 'jobLevel' ? f.jobLevel : source === 'managementLevel' ? f.managementLevel : f.compensationGrade;

/** Whether the configured grade field holds anything, and whether it fits `gradeOrder` when that is set. */
const gradeSourceItem = (config: WorkdayConfig, path: string, grades: ReadonlySet<string>): CheckItem => {
  const name = `grade source (${path}.grade: ${config.grade})`;
  const found = [...grades];
  if (found.length === 0)
    return {
      name,
      ok: false,
      detail: `no job profile carries a ${config.grade}; set ${path}.grade to the field that holds your grades`,
    };
  const order = config.gradeOrder;
  const unknown = order ? found.filter((g) => !order.includes(g)) : [];
  const sample = `${found.slice(0, 6).join(', ')}${found.length > 6 ? ', ...' : ''}`;
  if (order && unknown.length === found.length)
    return { name, ok: false, detail: `none of the ${config.grade} values (${sample}) is in ${path}.gradeOrder` };
  const outside = unknown.length > 0 ? `; not in ${path}.gradeOrder: ${unknown.join(', ')}` : '';
  return { name, ok: true, detail: `${found.length} values (${sample})${outside}; the policy's grades must be these` };
};

const WQL_DOC = 'docs/connectors/workday.md, "Bulk reads"';

interface WqlSource {
  name: string;
  /** The config key naming the data source (`dataSource`, `exceptionDataSource`). */
  key: string;
  source: string;
  fields: readonly string[];
  query: string;
  /** What the data source serves, for the messages: "flags", "exception notes". */
  what: string;
}

/** One data source of the bulk reads: it is there for the user, has the fields the query names, and answers it. */
const wqlSourceItem = async (client: WorkdayClient, path: string, w: WqlSource): Promise<CheckItem> => {
  const { name, source } = w;
  try {
    const found = (await client.wqlDataSources(source)).find((d) => d.alias === source);
    if (!found)
      return {
        name,
        ok: false,
        detail:
          `${path}.wql.${w.key}: the tenant has no WQL data source ${source} the integration user can ` +
          `see; set it up as ${WQL_DOC} says, or remove ${path}.wql.${w.key} to read ${w.what} per worker`,
      };
    const missing: string[] = [];
    for (const field of w.fields)
      if (!(await client.wqlFields(found.id, field)).some((f) => f.alias === field)) missing.push(field);
    if (missing.length > 0)
      return {
        name,
        ok: false,
        detail: `the data source ${source} has no field(s) ${missing.join(', ')}; see ${WQL_DOC}`,
      };
    await client.wql(w.query, { limit: 1, offset: 0 });
    return { name, ok: true, detail: `${source} answers: ${w.what} are read ${WQL_PAGE_MAX} a call` };
  } catch (e) {
    return failed(name, e, (x) => advice(x, path, 'Workday Query Language (WQL), and the domain of the custom object'));
  }
};

/**
 * The bulk-read set-up (`wql`): each data source and its fields are there for the user, and the query the connector
 * sends answers. Not configured is not a failure (reads fall back to one call per worker), but it is said.
 */
const wqlItems = async (config: WorkdayConfig, client: WorkdayClient, path: string): Promise<CheckItem[]> => {
  const wql = config.wql;
  const name = `bulk reads: WQL data source (${path}.wql)`;
  const notesName = `bulk reads: WQL data source of the exception notes (${path}.wql.exceptionDataSource)`;
  const perWorker = (what: string) => `not set: ${what} are read with one REST call per worker (see ${WQL_DOC})`;
  if (wql === undefined)
    return [
      { name, ok: true, detail: perWorker('flags') },
      { name: notesName, ok: true, detail: perWorker('exception notes') },
    ];
  const f = config.fields;
  const flags = await wqlSourceItem(client, path, {
    name,
    key: 'dataSource',
    source: wql.dataSource,
    fields: [wql.workerField, f.eligible, f.reason],
    query: eligibilityQuery(config, wql),
    what: 'flags',
  });
  const source = wql.exceptionDataSource;
  if (source === undefined) return [flags, { name: notesName, ok: true, detail: perWorker('exception notes') }];
  const notes = await wqlSourceItem(client, path, {
    name: notesName,
    key: 'exceptionDataSource',
    source,
    fields: ['workdayID', wql.workerField, ...noteFieldAliases(config)],
    query: notesQuery(config, source, wql.workerField),
    what: 'exception notes',
  });
  return [flags, notes];
};

/**
 * Harmless reads that answer each security domain (a Get_Workers and a Get_Job_Profiles of one row, the goal-status
 * list, one worker's custom objects) and the set-up (custom objects and fields, values). Writes are never probed:
 * Manage_Goals and Edit_Worker_Additional_Data are checked in the WSDL; their domains are the ones the reads prove.
 */
export const runCheck = async (deps: CheckDeps): Promise<CheckItem[]> => {
  const { config, client, configPath: path } = deps;
  const items: CheckItem[] = [];
  let firstWid: string | null = null;
  try {
    // One worker with every response group the run reads: a bad password or a missing domain stops here.
    const r = await client.getWorkers(
      getWorkersArgs(config, { asOf: deps.asOf, entryMoment: deps.entryMoment, page: 1, count: 1 }, { full: true }),
    );
    firstWid = idOf(r.Response_Data?.Worker[0]?.Worker_Reference, 'WID');
    items.push({
      name: 'Get_Workers (Human_Resources)',
      ok: true,
      detail: `signed in; ${r.Response_Results?.Total_Results ?? '?'} workers visible as of ${deps.asOf}`,
    });
  } catch (e) {
    return [
      failed('Get_Workers (Human_Resources)', e, (x) =>
        advice(
          x,
          path,
          'Worker Data: Public Worker Reports, Worker Data: Current Staffing Information, ' +
            'Worker Data: Compensation (Get)',
        ),
      ),
    ];
  }
  try {
    const profiles = await deps.profiles(deps.asOf);
    const grades = new Set([...profiles.values()].map((f) => gradeOfFacts(f, config.grade)).filter((g) => g !== null));
    items.push({
      name: 'Get_Job_Profiles (Human_Resources)',
      ok: true,
      detail: `${profiles.size} job profiles as of ${deps.asOf}`,
    });
    items.push(gradeSourceItem(config, path, grades));
  } catch (e) {
    items.push(
      failed('Get_Job_Profiles (Human_Resources)', e, (x) =>
        advice(x, path, 'Set Up: Job Profile / Job Information (Get)'),
      ),
    );
  }
  try {
    const values = await deps.values();
    items.push({
      name: 'tenant values (goal statuses, eligibility)',
      ok: true,
      detail: values.choices
        .map(
          (c) =>
            `${c.meaning}=${c.value}${c.label && c.label !== c.value ? ` (${c.label})` : ''} [${c.source}: ${c.from}]`,
        )
        .join('; '),
    });
  } catch (e) {
    items.push(
      failed('tenant values (goal statuses, eligibility)', e, (x) =>
        x.code === 'FF_TENANT_VALUE' || x.code === 'FF_SETUP_MISSING' || x.code === 'FF_FORBIDDEN'
          ? ''
          : advice(x, path, 'Worker Data: Employee Goals (Get)'),
      ),
    );
  }
  const ops: [WorkdayService, string][] = [
    ['Performance_Management', 'Manage_Goals'],
    ['Staffing', 'Edit_Worker_Additional_Data'],
  ];
  for (const [service, op] of ops) {
    try {
      const ok = await deps.soap.hasOperation(service, op);
      items.push({
        name: `${op} (${service})`,
        ok,
        detail: ok
          ? 'operation found in the WSDL (writes are not probed)'
          : `the ${service} WSDL has no ${op}; check ${path}.version`,
      });
    } catch (e) {
      items.push(failed(`${op} (${service})`, e, (x) => advice(x, path, `${service} web service access`)));
    }
  }
  if (firstWid !== null) {
    const wid = firstWid;
    const reads = [
      [
        `custom object ${config.customObject} (${path}.customObject)`,
        () => client.customObject(config.customObject, wid),
      ],
      [
        `custom object ${config.exceptionObject} (${path}.exceptionObject)`,
        () => client.customObjectInstances(config.exceptionObject, wid),
      ],
    ] as const;
    for (const [label, read] of reads) {
      try {
        await read();
        items.push({ name: label, ok: true, detail: 'one worker read through customObject/v2' });
      } catch (e) {
        items.push(
          failed(label, e, (x) =>
            x.code === 'FF_NOT_FOUND'
              ? 'No custom object with that web service alias extends Worker: create it or fix the alias.'
              : advice(x, path, 'the domain set on the custom object (Get and Put)'),
          ),
        );
      }
    }
  }
  items.push(...(await wqlItems(config, client, path)));
  items.push(await noteReferenceItem(config, client, path, firstWid));
  return items;
};
