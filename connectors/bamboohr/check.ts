/**
 * `check` and `discover`. The cheapest authenticated call goes first and a refused key stops everything:
 * BambooHR turns API access off for the whole company after repeated calls with a bad key.
 */
import type { CheckItem, Discovery, TenantValueChoice } from '../../src/connector.js';
import { isFluencyError } from '../../src/errors.js';
import type { BambooClient } from './client.js';
import type { BamboohrConfig } from './config.js';
import { connectionProblem } from './connection.js';
import { droppedKeys } from './fields.js';
import { setupFindings } from './setup.js';
import { loadTenantMeta, type TenantMeta } from './tenant.js';
import { resolveEligibility } from './values.js';
import type { WireList } from './wire-schemas.js';

const failed = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export interface CheckInput {
  client: BambooClient;
  config: BamboohrConfig;
  /** Where this connector's block sits in the config (`connectors[0]`). */
  configPath: string;
  baseUrl: string;
}

/** Every finding, each naming the config path and what to change; the first call's failure stops the rest. */
export const runCheck = async ({ client, config, configPath, baseUrl }: CheckInput): Promise<CheckItem[]> => {
  let meta: TenantMeta;
  try {
    meta = await loadTenantMeta(client, config);
  } catch (e) {
    const problem = connectionProblem(e, config, configPath, baseUrl);
    return [{ name: problem.name, ok: false, detail: problem.error.message }];
  }
  const items: CheckItem[] = [
    { name: 'API key', ok: true, detail: 'accepted; field and table metadata readable' },
    ...setupFindings(config, configPath, meta).map(({ name, ok, detail }) => ({ name, ok, detail })),
  ];

  if (meta.eligibility?.type === 'list') {
    try {
      const lists = await client.listLists();
      const { choices } = resolveEligibility({ config, configPath, field: meta.eligibility, lists });
      const how = (c: TenantValueChoice): string => (c.source === 'config' ? 'from the config' : 'picked by meaning');
      const said = choices.map((c) => `${c.meaning} -> "${c.value}" (${how(c)})`);
      items.push({ name: 'eligibility options', ok: true, detail: said.join(', ') });
    } catch (e) {
      items.push({ name: 'eligibility options', ok: false, detail: failed(e) });
    }
  }

  const keys = [meta.grade, meta.jobFamily, meta.locale, meta.eligibility, meta.reason].flatMap((f) =>
    f === undefined ? [] : [f.key],
  );
  let someone: string | undefined;
  try {
    const report = await client.customReport(['status', ...keys]);
    const dropped = droppedKeys(keys, report.fields);
    someone = report.employees.find((e) => (e.status ?? '').toLowerCase() === 'active')?.id;
    items.push({
      name: 'field permissions',
      ok: dropped.length === 0,
      detail:
        dropped.length === 0
          ? `the key's user reads ${report.employees.length} employees and every field`
          : `the key's user cannot read ${dropped.join(', ')} ` +
            '(BambooHR leaves them out of reports without an error): ' +
            `give the user of ${configPath}.auth.apiKey access to these fields in BambooHR`,
    });
  } catch (e) {
    items.push({ name: 'field permissions', ok: false, detail: failed(e) });
  }

  // The one harmless write-permission probe the API offers: may this key create goals?
  if (someone !== undefined) {
    try {
      const can = await client.canCreateGoals(someone);
      items.push({
        name: 'goals',
        ok: can,
        detail: can
          ? 'Goals are enabled and the key may create them'
          : `the key's user may not create goals (asked for employee ${someone}): ` +
            `give the user of ${configPath}.auth.apiKey goal permissions in BambooHR`,
      });
    } catch (e) {
      const status = isFluencyError(e) ? e.status : undefined;
      items.push({
        name: 'goals',
        ok: false,
        detail:
          status === 403
            ? `Goals are not enabled for the company, or the user of ${configPath}.auth.apiKey ` +
              'lacks goal permissions (HTTP 403)'
            : failed(e),
      });
    }
  }
  return items;
};

const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** What the tenant has, with the values the connector will write (`values`, chosen from the tenant's lists). */
export const runDiscover = async (
  client: BambooClient,
  meta: TenantMeta,
  lists: readonly WireList[],
  values: TenantValueChoice[],
): Promise<Discovery> => {
  let grades: string[] = [];
  const gradeList = meta.grade === undefined ? undefined : lists.find((l) => l.fieldId === meta.grade?.id);
  if (gradeList !== undefined) grades = gradeList.options.filter((o) => o.archived !== 'yes').map((o) => o.name);
  else if (meta.grade !== undefined) {
    const key = meta.grade.key;
    const report = await client.customReport([key]);
    grades = [...new Set(report.employees.map((e) => e[key] ?? '').filter((v) => v !== ''))].sort(naturalOrder);
  }
  const named = [meta.grade, meta.jobFamily, meta.eligibility, meta.reason];
  const notes = ['grade', 'job family', 'eligibility flag', 'eligibility reason'];
  return {
    grades: grades.map((g) => ({ id: g, name: g, rank: null })),
    gradesOrdered: false,
    // BambooHR goals have no plans or categories.
    goalPlans: [],
    goalCategories: [],
    customFields: [
      ...named.flatMap((f, i) =>
        f === undefined ? [] : [{ id: f.id, name: f.alias ?? f.name, type: f.type, note: notes[i] ?? '' }],
      ),
      ...(meta.exceptionTable?.fields ?? []).map((c) => ({
        id: c.id,
        name: `${meta.exceptionTable?.alias}.${c.alias ?? c.name}`,
        type: c.type,
        note: 'exception table column',
      })),
    ],
    values,
  };
};
