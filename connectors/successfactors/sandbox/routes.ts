/** The OData routes: GET on entity sets, `POST Goal_<planId>`, `POST upsert`, `DELETE` of one entity by key. */
import type { EntityFact } from './edmx-facts.js';
import { entityMetadataXml } from './metadata.js';
import { inWindow, planQuery, project, selectRows, type QueryPlan } from './query.js';
import type { SuccessFactorsQuirks } from './quirks.js';
import type { Row, Store } from './store.js';
import { badRequest, entityNotFound, WireError } from './wire-errors.js';
import { createGoal, deleteEntity, runUpsert } from './writes.js';

export interface ODataRequest {
  store: Store;
  model: ReadonlyMap<string, EntityFact>;
  baseUrl: string;
  method: string;
  url: URL;
  body: unknown;
  quirks: SuccessFactorsQuirks;
  log: (line: string) => void;
  /** Counts upsert records over the sandbox's life (for `failRecordsEvery`). */
  nextRecord: () => number;
}

const rowsOf = (store: Store, set: string): Row[] => {
  if (set === 'User') return store.users;
  if (set === 'EmpJob') return store.empJobs;
  if (set === 'FOPayGrade') return store.payGrades;
  if (set === 'FOJobCode') return store.jobCodes;
  if (set === 'GoalPlanTemplate') return store.goalPlans;
  if (set === 'GoalEnum') return store.goalEnums;
  if (set === 'PickListValueV2') return store.picklistValues;
  const plan = /^Goal_(\d+)$/.exec(set);
  if (plan) return store.goals.get(Number(plan[1])) ?? [];
  return [...(store.mdf.get(set)?.values() ?? [])];
};

const keyPredicate = (fact: EntityFact, row: Row): string =>
  fact.keys
    .map((k) => {
      const v = row[k];
      const type = fact.properties.get(k)?.type;
      if (type === 'Edm.Int64') return `${k}=${String(v)}L`;
      if (type === 'Edm.DateTime' && typeof v === 'string')
        return `${k}=datetime'${new Date(Number(/-?\d+/.exec(v)?.[0] ?? 0)).toISOString().slice(0, 19)}'`;
      return `${k}='${String(v).replace(/'/g, "''")}'`;
    })
    .join(',');

const dayOf = (v: unknown): number | null => {
  const m = typeof v === 'string' ? /^\/Date\((-?\d+)/.exec(v) : null;
  return m ? Number(m[1]) : null;
};

/**
 * The foundation object a slice points at, effective on the slice's start date (an expanded effective-dated child
 * takes its parent's start date as its asOfDate: KBA 2853045).
 */
const expandTarget = (store: Store, nav: string, row: Row): Row | null => {
  const at = dayOf(row.startDate) ?? Date.parse(`${store.today}T00:00:00Z`);
  const asOf = { from: at, to: at };
  const effective = (rows: readonly Row[], code: unknown) =>
    rows.find((r) => r.externalCode === code && inWindow(r, asOf)) ?? null;
  if (nav === 'payGradeNav') return effective(store.payGrades, row.payGrade);
  if (nav === 'jobCodeNav') return effective(store.jobCodes, row.jobCode);
  if (nav === 'manager') return store.users.find((u) => u.userId === row.managerId) ?? null;
  return null;
};

const getCollection = (r: ODataRequest, set: string, fact: EntityFact) => {
  const plan: QueryPlan = planQuery(set, fact, r.url.searchParams, r.model, {
    today: r.store.today,
    maxPageSize: r.quirks.maxPageSize,
  });
  let rows = selectRows(rowsOf(r.store, set), plan);
  // Without a status condition, User answers active users only (KBA 2736579).
  if (set === 'User' && !(r.url.searchParams.get('$filter') ?? '').includes('status'))
    rows = rows.filter((u) => u.status === 't' || u.status === 'T');
  const end =
    plan.top === null
      ? Math.min(rows.length, plan.offset + plan.pageSize)
      : Math.min(rows.length, plan.offset + Math.min(plan.top, plan.pageSize));
  const page = rows
    .slice(plan.offset, end)
    .map((row) =>
      project(
        row,
        plan,
        { uri: `${r.baseUrl}odata/v2/${set}(${keyPredicate(fact, row)})`, type: `SFOData.${set}` },
        Object.fromEntries(plan.expand.map((nav) => [nav, expandTarget(r.store, nav, row)])),
      ),
    );
  const d: { results: Row[]; __next?: string } = { results: page };
  if (plan.top === null && end < rows.length) {
    const repeat = r.quirks.duplicateRowsAcrossPages && end - 1 > plan.offset ? 1 : 0;
    const rest = r.url.search
      .slice(1)
      .split('&')
      .filter((p) => p !== '' && !/^(\$|%24)skiptoken=/i.test(p));
    d.__next = `${r.baseUrl}odata/v2/${set}?${[...rest, `$skiptoken=${end - repeat}`].join('&')}`;
  }
  return { status: 200, body: { d } };
};

export const handleOData = (r: ODataRequest): { status: number; body: unknown; xml?: boolean } => {
  const segment = decodeURIComponent(r.url.pathname.slice('/odata/v2/'.length)).replace(/\/$/, '');
  // `<EntitySet>/$metadata`: one entity set's EDMX, annotated for the calling user.
  const metadataOf = /^(\w+)\/\$metadata$/.exec(segment);
  if (metadataOf) {
    const set = metadataOf[1] ?? '';
    const fact = r.model.get(set);
    if (!fact) throw entityNotFound(set);
    if (r.method !== 'GET') throw badRequest('[COE0017]$metadata is read with GET');
    return { status: 200, body: entityMetadataXml(set, fact), xml: true };
  }
  // The service document: the entity sets the API user can see (OData V2 JSON form `{ d: { EntitySets } }`).
  if (segment === '') {
    if (r.method !== 'GET') throw badRequest('[COE0017]the service document is read with GET');
    return { status: 200, body: { d: { EntitySets: [...r.model.keys()] } } };
  }
  if (segment === 'upsert') {
    if (r.method !== 'POST') throw badRequest('[COE0017]upsert is called with POST');
    const strict = r.url.searchParams.get('strictTransactionIsolate') === 'true';
    const failing = new Set(r.quirks.failRecordUserIds);
    const results = runUpsert(r.store, r.model, r.body, {
      strictTransactionIsolate: strict,
      forcedFailure: (rec) => {
        const n = r.nextRecord();
        const user =
          typeof rec.cust_userId === 'string'
            ? rec.cust_userId
            : typeof rec.userId === 'string'
              ? rec.userId
              : typeof rec.externalCode === 'string'
                ? rec.externalCode
                : '';
        if (failing.has(user)) return `[COE0019]Record of user ${user} refused (sandbox failRecordUserIds)`;
        if (r.quirks.failRecordsEvery > 0 && n % r.quirks.failRecordsEvery === 0)
          return '[COE0019]Record refused (sandbox failRecordsEvery)';
        return null;
      },
    });
    for (const res of results) if (res.status === 'ERROR') r.log(`upsert record ${res.index} failed: ${res.httpCode}`);
    return { status: 200, body: { d: results } };
  }
  // https://api.sap.com/api/PerformanceandGoalsPMGM/overview: DELETE on one entity by its key.
  if (r.method === 'DELETE') {
    deleteEntity(r.store, r.model, segment);
    return { status: 204, body: null };
  }
  const fact = r.model.get(segment);
  if (!fact) throw entityNotFound(segment);
  if (r.method === 'GET') return getCollection(r, segment, fact);
  const plan = /^Goal_(\d+)$/.exec(segment);
  if (r.method === 'POST' && plan) {
    const goal = createGoal(r.store, Number(plan[1]), fact, r.body);
    return {
      status: 201,
      body: {
        d: {
          __metadata: { uri: `${r.baseUrl}odata/v2/${segment}(${String(goal.id)}L)`, type: `SFOData.${segment}` },
          ...goal,
        },
      },
    };
  }
  throw new WireError(
    405,
    'COE_GENERAL_BAD_REQUEST',
    `${r.method} is not supported on ${segment} (use the upsert function import)`,
  );
};
