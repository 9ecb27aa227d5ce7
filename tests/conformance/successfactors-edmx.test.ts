/**
 * Checks every entity set, property and navigation the SuccessFactors connector sends or reads against the published
 * EDMX files (../shared/specs/successfactors), and the sandbox's data model too. The requests are captured by running
 * the connector against its sandbox. Custom MDF objects (`cust_*`) are tenant-defined: they are checked against the
 * field list in DESIGN §8. Navigations only a tenant's own `$metadata` has must be the ones the specs' SOURCES.md
 * lists, and what is selected through them must exist on their targets.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as wire from '../../connectors/successfactors/wire-names.js';
import { EDMX_ENTITIES } from '../../connectors/successfactors/sandbox/edmx-facts.js';
import type { SuccessFactorsSandbox } from '../../connectors/successfactors/sandbox/index.js';
import { changesFor, readAll, readOptions, sessionFor, startWith } from '../connector/successfactors/harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specDir = path.resolve(repoRoot, '../shared/specs/successfactors');
const designPath = path.resolve(repoRoot, '../shared/DESIGN.md');

interface EdmxType {
  keys: string[];
  props: Map<string, { type: string; filterable: boolean }>;
  navs: Set<string>;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const field = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null ? Reflect.get(o, k) : undefined);
const str = (o: unknown, k: string): string => String(field(o, k) ?? '');

/** Entity set name -> entity type facts, over every EDMX file. */
const loadEdmx = (): Map<string, EdmxType> => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  const types = new Map<string, EdmxType>();
  const sets = new Map<string, string>();
  for (const file of readdirSync(specDir).filter((f) => f.endsWith('.edmx'))) {
    const doc: unknown = parser.parse(readFileSync(path.join(specDir, file), 'utf8'));
    for (const schema of asArray(field(field(doc, 'edmx:Edmx'), 'edmx:DataServices')).flatMap((ds) =>
      asArray(field(ds, 'Schema')),
    )) {
      for (const t of asArray(field(schema, 'EntityType'))) {
        types.set(`SFOData.${str(t, 'Name')}`, {
          keys: asArray(field(field(t, 'Key'), 'PropertyRef')).map((r) => str(r, 'Name')),
          props: new Map(
            asArray(field(t, 'Property')).map((p) => [
              str(p, 'Name'),
              { type: str(p, 'Type'), filterable: str(p, 'sap:filterable') !== 'false' },
            ]),
          ),
          navs: new Set(asArray(field(t, 'NavigationProperty')).map((n) => str(n, 'Name'))),
        });
      }
      for (const c of asArray(field(schema, 'EntityContainer')))
        for (const s of asArray(field(c, 'EntitySet'))) sets.set(str(s, 'Name'), str(s, 'EntityType'));
    }
  }
  const out = new Map<string, EdmxType>();
  for (const [name, type] of sets) {
    const t = types.get(type);
    if (t) out.set(name, t);
  }
  return out;
};

/** DESIGN §8's SuccessFactors bullet: the custom MDF fields. */
const designMdfFields = (): Set<string> => {
  const design = readFileSync(designPath, 'utf8');
  const bullet = /- SuccessFactors: `mdfObject`[\s\S]*?(?=\n- Workday:)/.exec(design)?.[0] ?? '';
  return new Set(
    [...bullet.matchAll(/`(cust_\w+|externalCode)`/g)]
      .map((m) => m[1] ?? '')
      .filter((n) => n !== 'cust_AIFluencyEligibility' && n !== 'cust_AIFluencyException'),
  );
};

const edmx = loadEdmx();
const mdfFields = designMdfFields();
const sources = readFileSync(path.join(specDir, 'SOURCES.md'), 'utf8');

/** What was used: entity set -> properties (and nav/property paths), navigations, filtered properties. */
interface Use {
  props: Set<string>;
  navPaths: Set<string>;
  expands: Set<string>;
  filtered: Set<string>;
}
const uses = new Map<string, Use>();
const use = (set: string): Use => {
  let u = uses.get(set);
  if (!u) uses.set(set, (u = { props: new Set(), navPaths: new Set(), expands: new Set(), filtered: new Set() }));
  return u;
};

/** Entity sets whose `<set>/$metadata` the connector read (check's permission and field-type probes). */
const metadataReads = new Set<string>();

let sandbox: SuccessFactorsSandbox;

beforeAll(async () => {
  sandbox = await startWith({ maxPageSize: 50 }, 80);
  const s = sessionFor(sandbox);
  await s.check();
  await s.discover();
  const records = await readAll(s);
  await s.apply(changesFor(records, { percent: 20, limit: 40 }), readOptions);
  await s.apply(changesFor(await readAll(s), { percent: 70, limit: 40 }), readOptions);
  await s.readDelta?.(
    { ...readOptions, changedSince: '2027-01-01T00:00:00Z' },
    { previousAsOf: '2027-02-01', include: [], cached: new Map() },
  );
  for (const req of sandbox.requests()) {
    const set = decodeURIComponent(req.path.replace('/odata/v2/', ''));
    if (set.endsWith('/$metadata')) {
      metadataReads.add(set.slice(0, -'/$metadata'.length));
      continue;
    }
    if (set === 'upsert') {
      for (const rec of asArray(req.body)) {
        const uri = str(field(rec, '__metadata'), 'uri');
        // `Set(key)` updates or inserts by key; a bare `Goal_<plan>` (no key) creates a goal.
        const target = /^(\w+)(?:\(|$)/.exec(uri)?.[1] ?? `(bad uri ${uri})`;
        const u = use(target);
        for (const k of Object.keys(typeof rec === 'object' && rec !== null ? rec : {}))
          if (k !== '__metadata') u.props.add(k);
      }
      continue;
    }
    const u = use(set);
    if (req.method === 'POST')
      for (const k of Object.keys(typeof req.body === 'object' && req.body !== null ? req.body : {})) u.props.add(k);
    for (const item of (req.query.get('$select') ?? '').split(',').filter(Boolean))
      (item.includes('/') ? u.navPaths : u.props).add(item);
    for (const nav of (req.query.get('$expand') ?? '').split(',').filter(Boolean)) u.expands.add(nav);
    for (const m of (req.query.get('$filter') ?? '').matchAll(/([A-Za-z_][\w/]*)\s+(?:eq|ne|gt|ge|lt|le|in)\s/g))
      u.filtered.add(m[1] ?? '');
  }
});
afterAll(() => sandbox.close());

describe('SuccessFactors connector vs the published EDMX', () => {
  it('captured every entity set the connector is built to use', () => {
    expect([...uses.keys()].sort()).toEqual([
      'EmpJob',
      'FOJobCode',
      'FOPayGrade',
      'GoalEnum',
      'GoalPlanTemplate',
      'Goal_3',
      'PickListValueV2',
      'User',
      'cust_AIFluencyEligibility',
      'cust_AIFluencyException',
    ]);
    expect([...metadataReads].sort()).toEqual(['Goal_3', 'cust_AIFluencyEligibility', 'cust_AIFluencyException']);
    // Goal_<plan> metadata is the EDMX's: what check reads of it (sap:creatable / sap:upsertable) is published there.
    expect(edmx.has('Goal_3')).toBe(true);
    expect(sources).toMatch(/FunctionImport Name="upsert"/);
  });

  it('uses only entity sets and properties the EDMX declares, filtering only on filterable ones', () => {
    const problems: string[] = [];
    for (const [set, u] of uses) {
      if (set.startsWith('cust_')) continue;
      const t = edmx.get(set);
      if (!t) {
        problems.push(`${set}: no such entity set`);
        continue;
      }
      for (const p of u.props) if (!t.props.has(p)) problems.push(`${set}.${p}: no such property`);
      for (const p of u.filtered) {
        const fact = t.props.get(p);
        if (!fact) problems.push(`${set} $filter ${p}: no such property`);
        else if (!fact.filterable) problems.push(`${set} $filter ${p}: not filterable`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('expands only navigations of the EDMX or the tenant-only ones SOURCES.md lists, selecting real target properties', () => {
    const problems: string[] = [];
    for (const [set, u] of uses) {
      for (const nav of u.expands) {
        const t = edmx.get(set);
        const tenantOnly = wire.TENANT_ONLY_NAVIGATIONS[`${set}/${nav}`];
        if (t?.navs.has(nav)) continue;
        if (!tenantOnly) problems.push(`${set}/${nav}: not a navigation`);
        else if (!sources.includes(`\`${nav}\``) || !edmx.has(tenantOnly.target))
          problems.push(`${set}/${nav}: tenant navigation not documented`);
      }
      for (const p of u.navPaths) {
        const [nav = '', prop = ''] = p.split('/');
        const target = wire.TENANT_ONLY_NAVIGATIONS[`${set}/${nav}`]?.target;
        if (!u.expands.has(nav)) problems.push(`${set} $select ${p}: navigation not expanded`);
        if (!target || !edmx.get(target)?.props.has(prop))
          problems.push(`${set} $select ${p}: no such target property`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes only the custom MDF fields DESIGN §8 defines', () => {
    expect(mdfFields).toEqual(
      new Set([
        'externalCode',
        'cust_eligible',
        'cust_reason',
        'cust_userId',
        'cust_promotionDate',
        'cust_fromGrade',
        'cust_toGrade',
        'cust_note',
      ]),
    );
    const used = [...uses].filter(([set]) => set.startsWith('cust_')).flatMap(([, u]) => [...u.props, ...u.filtered]);
    expect(used.length).toBeGreaterThan(0);
    // Besides them, only the standard fields every MDF generic object has are read: who changed a record last, and
    // when.
    const standard = new Set(['lastModifiedBy', 'lastModifiedDateTime']);
    expect(used.filter((p) => !mdfFields.has(p) && !standard.has(p))).toEqual([]);
  });

  it('the exported wire-name lists match the EDMX too', () => {
    const check = (set: string, names: readonly string[]) =>
      names.filter((n) => !n.includes('/') && !edmx.get(set)?.props.has(n)).map((n) => `${set}.${n}`);
    expect([
      ...check('User', wire.USER_SELECT),
      ...check('EmpJob', wire.EMPJOB_SELECT),
      ...check('FOPayGrade', wire.PAYGRADE_SELECT),
      ...check('GoalPlanTemplate', wire.GOALPLAN_SELECT),
      ...check('GoalEnum', wire.GOALENUM_SELECT),
      ...check('Goal_3', wire.GOAL_SELECT),
      ...check('PickListValueV2', wire.PICKLIST_VALUE_SELECT),
      ...check('FOJobCode', wire.JOBCODE_SELECT),
      ...check('Goal_3', wire.GOAL_CREATE),
      ...check('Goal_3', wire.GOAL_UPDATE),
    ]).toEqual([]);
  });

  it("the sandbox's data model is the EDMX's: keys, property types and filterability", () => {
    const problems: string[] = [];
    for (const [name, fact] of Object.entries(EDMX_ENTITIES)) {
      const t = edmx.get(name);
      if (!t) {
        problems.push(`${name}: not in the EDMX`);
        continue;
      }
      if (t.keys.join(',') !== fact.keys.join(','))
        problems.push(`${name}: keys ${fact.keys.join(',')} vs ${t.keys.join(',')}`);
      for (const [p, f] of fact.properties) {
        const real = t.props.get(p);
        if (!real) problems.push(`${name}.${p}: not in the EDMX`);
        else if (real.type !== f.type || real.filterable !== f.filterable)
          problems.push(`${name}.${p}: ${f.type}/${f.filterable} vs ${real.type}/${real.filterable}`);
      }
      for (const n of fact.navigations.keys())
        if (!t.navs.has(n)) problems.push(`${name}/${n}: not a navigation in the EDMX`);
    }
    expect(problems).toEqual([]);
  });
});
