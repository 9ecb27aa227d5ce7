import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { ConnectorSession, EmployeeRecord } from '../../src/connector.js';
import type { EligibilityChange } from '../../schemas/index.js';
import { workdayConnector } from '../../connectors/workday/index.js';
import { startWorkdaySandbox, type WorkdaySandbox } from '../../connectors/workday/sandbox/index.js';
import { MANAGE_GOALS_DETAIL_ORDER } from '../../connectors/workday/sandbox/spec/requests.js';
import { parseXml } from '../../connectors/workday/sandbox/xml-read.js';
import { readOptions, sandboxConfig, smallOrg, specsDir, testContext } from '../connector/workday/helpers.js';
import { planFor } from '../connector/workday/plan-helper.js';
import { pattern } from '../helpers/pattern.js';

const HR = path.join(specsDir, 'Human_Resources.wsdl');
const STAFFING = path.join(specsDir, 'Staffing.wsdl');

/** The XML Schema embedded in a WSDL's <types>, with the namespace declarations of the WSDL root copied onto it. */
const schemaOf = async (wsdlPath: string): Promise<string> => {
  const wsdl = await readFile(wsdlPath, 'utf8');
  const rootTag = /<wsdl:definitions\b[^>]*>/.exec(wsdl)?.[0] ?? '';
  const decls = [...rootTag.matchAll(/\sxmlns:(\w[\w-]*)="([^"]*)"/g)]
    .filter(([, p]) => p !== 'wsdl')
    .map(([, p, uri]) => ` xmlns:${p}="${uri}"`);
  const start = wsdl.indexOf('<xsd:schema');
  const end = wsdl.indexOf('</xsd:schema>', start) + '</xsd:schema>'.length;
  const schema = wsdl.slice(start, end);
  const open = /^<xsd:schema\b[^>]*/.exec(schema)?.[0] ?? '<xsd:schema';
  const missing = decls.filter((d) => !open.includes(d.trim().split('=')[0] ?? '')).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${missing}${schema.slice(open.length)}`;
};

/** The request element out of a SOAP envelope: node-soap declares `wd` on it, so it stands alone as a document. */
const bodyOf = (envelope: string): string => {
  const m = /<(\w+):Body[^>]*>([\s\S]*)<\/\1:Body>/.exec(envelope);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${m?.[2] ?? ''}`;
};

/** One xmllint run for many documents: the 2-3 MB schema is compiled once, not once per envelope. */
const validate = async (xml: string | readonly string[], schema: string) =>
  validateXML({
    xml: (typeof xml === 'string' ? [xml] : xml).map((contents, i) => ({ fileName: `request-${i + 1}.xml`, contents })),
    schema: [{ fileName: 'schema.xsd', contents: schema }],
    initialMemoryPages: 256 * 8,
    maxMemoryPages: memoryPages.GiB,
  });

let sb: WorkdaySandbox;
let envelopes: { service: string; operation: string | null; body: string }[] = [];
/** The eligibility object's alias, the flags the plan wrote, and the bulk REST calls that wrote them. */
let flagObject = '';
let flags: EligibilityChange[] = [];
let bulkFlagWrites = 0;
let hrSchema = '';
let staffingSchema = '';

const readAll = async (s: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of s.readEmployees(readOptions)) out.push(...page);
  return out;
};

beforeAll(async () => {
  [hrSchema, staffingSchema] = await Promise.all([schemaOf(HR), schemaOf(STAFFING)]);
  // A tenant with its own goal statuses and a custom-list eligibility field: the envelopes carry WID status references
  // and `cus:ID cus:type="ExtendedAlias"` list values.
  sb = await startWorkdaySandbox({
    org: smallOrg(40, 5),
    port: 0,
    quirks: { captureRequests: true },
    variations: ['alternate-goal-states', 'alternate-list-options'],
  });
  // The connector serialises with the public WSDLs here (and the sandbox's own for Performance_Management).
  const config = sandboxConfig(sb.connectorConfig('conf'), sb.env, {
    wsdl: { Human_Resources: HR, Staffing: STAFFING },
    grade: 'jobLevel',
  });
  const session = workdayConnector.create(config, await testContext());
  await session.discover();
  const changes = planFor(await readAll(session));
  flagObject = config.customObject;
  flags = changes.filter((c): c is EligibilityChange => c.kind === 'eligibility');
  await session.apply(changes, readOptions);
  // A delta read: Get_Workers and Get_Job_Profiles with Transaction_Log_Criteria_Data, updated and effective ranges.
  const changedSince = new Date(Date.now() - 60_000).toISOString();
  const previousAsOf = '2026-12-01';
  const request = { previousAsOf, include: [], cached: new Map() };
  const delta = await session.readDelta?.({ ...readOptions, changedSince }, request);
  expect(delta?.records.length).toBeGreaterThan(0);
  envelopes = sb.captured();
  bulkFlagWrites = sb.stats().byRoute['POST customObject bulk'] ?? 0;
});
afterAll(async () => sb.close());

describe('Workday envelopes against the public XML Schema (xmllint)', () => {
  it('the delta read sent Transaction_Log_Criteria_Data with updated and effective ranges', () => {
    const criteria = envelopes.filter((e) => e.body.includes('Transaction_Log_Criteria_Data'));
    expect(new Set(criteria.map((e) => e.operation))).toEqual(new Set(['Get_Workers', 'Get_Job_Profiles']));
    expect(criteria.some((e) => e.body.includes('<wd:Updated_From>'))).toBe(true);
    expect(criteria.some((e) => e.body.includes('<wd:Effective_From>'))).toBe(true);
  });

  it.each(['Get_Workers', 'Get_Job_Profiles'])(
    'every %s request validates against the Human_Resources v33.1 schema',
    async (op) => {
      const sent = envelopes.filter((e) => e.operation === op);
      expect(sent.length).toBeGreaterThan(0);
      const r = await validate(
        sent.map((e) => bodyOf(e.body)),
        hrSchema,
      );
      expect(r.errors.map((x) => x.message)).toEqual([]);
      expect(r.valid).toBe(true);
    },
  );

  it('every Edit_Worker_Additional_Data request validates against the Staffing v26.1 schema', async () => {
    const sent = envelopes.filter((e) => e.operation === 'Edit_Worker_Additional_Data');
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.some((e) => e.body.includes('fluencyException'))).toBe(true);
    // Flags are not in these envelopes any more: they go through customObject/v2 `bulk=true` (JSON, no XSD). The
    // custom-list tenant still took every one of them (its list option by id), in one call per 100 flags.
    expect(sent.filter((e) => new RegExp(`<cus:${flagObject}\\b`).test(e.body))).toEqual([]);
    expect(flags.length).toBeGreaterThan(0);
    expect(bulkFlagWrites).toBe(Math.ceil(flags.length / 100));
    const stored = sb.snapshot().eligibility;
    expect(flags.filter((f) => stored[f.employeeId]?.value !== f.after.value)).toEqual([]);
    const r = await validate(
      sent.map((e) => bodyOf(e.body)),
      staffingSchema,
    );
    expect(r.errors.map((x) => x.message)).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('the validator is real: an out-of-order Response_Filter and an unknown element are refused', async () => {
    const good = envelopes.find((e) => e.operation === 'Get_Workers')?.body ?? '';
    const swapped = bodyOf(good).replace(
      pattern([
        /(<wd:As_Of_Effective_Date>[^<]*<\/wd:As_Of_Effective_Date>)/,
        /(<wd:As_Of_Entry_DateTime>[^<]*<\/wd:As_Of_Entry_DateTime>)/,
      ]),
      '$2$1',
    );
    expect(swapped).not.toBe(bodyOf(good));
    expect((await validate(swapped, hrSchema)).valid).toBe(false);
    const unknown = bodyOf(good).replace(
      '<wd:Response_Group>',
      '<wd:Response_Group><wd:Include_Everything>true</wd:Include_Everything>',
    );
    expect((await validate(unknown, hrSchema)).valid).toBe(false);
  });

  it('Manage_Goals follows the research notes element order, with Add_Only false and wd: everywhere', () => {
    const sent = envelopes.filter((e) => e.operation === 'Manage_Goals');
    expect(sent.length).toBeGreaterThan(0);
    for (const e of sent) {
      const root = parseXml(e.body).children.find((c) => c.local === 'Body')?.children[0];
      expect(root?.local).toBe('Manage_Goals_Request');
      expect(root?.attrs.find((a) => a.local === 'Add_Only')).toMatchObject({
        ns: 'urn:com.workday/bsvc',
        value: 'false',
      });
      expect(root?.children.map((c) => c.local)).toEqual(['Business_Process_Parameters', 'Manage_Goals_Data']);
      const data = root?.children[1];
      expect(data?.children.map((c) => c.local)).toEqual(['Worker_Reference', 'Worker_Goal_Detail_Data']);
      const detail = data?.children[1];
      const order = detail?.children.map((c) => c.local) ?? [];
      const positions = order.map((n) => MANAGE_GOALS_DETAIL_ORDER.findIndex((x) => x === n));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      const all = (n: NonNullable<typeof root>): boolean => n.ns === 'urn:com.workday/bsvc' && n.children.every(all);
      expect(root && all(root)).toBe(true);
    }
  });
});
