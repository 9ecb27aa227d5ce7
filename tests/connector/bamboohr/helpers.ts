import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bamboohrConnector } from '../../../connectors/bamboohr/index.js';
import { startBamboohrSandbox, type BamboohrSandbox } from '../../../connectors/bamboohr/sandbox/index.js';
import type {
  ConnectorContext,
  ConnectorSession,
  EmployeeRecord,
  ReadOptions,
  TenantVariation,
} from '../../../src/connector.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { defaultHttpSettings, type HttpSettings } from '../../../src/http/index.js';
import { silentLogger, type Logger } from '../../../src/logger.js';
import type { DesiredGoal, SyntheticOrg } from '../../../schemas/index.js';

export const AS_OF = '2027-03-01';
export const GOAL_TITLE = 'AI fluency development goal FY2027';

export const readOptions: ReadOptions = {
  asOf: AS_OF,
  cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
  goal: {
    cycleId: 'FY2027',
    title: GOAL_TITLE,
    markerPrefix: '[fluencyflow:FY2027:',
    referenceIdPrefix: 'fluencyflow-FY2027-',
  },
};

export const makeOrg = (employees = 250, seed = 11): SyntheticOrg =>
  generateSyntheticOrg({ asOf: AS_OF, employees, seed, standardGoalTitle: GOAL_TITLE, cycleEnd: '2027-12-31' });

/**
 * Gives one active employee 60 goals (some closed) plus a closed copy of the standard goal as the 61st: past the
 * list's cap of 50. Returns that employee's id.
 */
export const addHeavyGoalOwner = (org: SyntheticOrg): string => {
  const e = org.employees.find((x) => x.status === 'active' && x.id !== org.employees[0]?.id);
  if (e === undefined) throw new Error('no active employee');
  e.seededGoals = Array.from({ length: 60 }, (_, g) => ({
    title: `Quarterly objective ${g + 1}`,
    description: 'Owned by the employee.',
    dueDate: '2027-12-31',
    percentComplete: g % 5 === 0 ? 100 : 20,
    closed: g % 7 === 0,
  }));
  e.seededGoals.push({
    title: GOAL_TITLE,
    description: 'Created by the manager before fluencyflow.',
    dueDate: '2027-12-31',
    percentComplete: 10,
    closed: true,
  });
  return e.id;
};

export const settings: HttpSettings = { ...defaultHttpSettings, minTimeoutMs: 0, sleep: async () => {} };

export const makeContext = (logger: Logger = silentLogger): ConnectorContext => ({
  logger,
  baseDir: process.cwd(),
  cacheDir: mkdtempSync(path.join(tmpdir(), 'ff-bamboo-')),
  http: settings,
  configPath: 'connectors[0]',
  now: () => Date.now(),
  asOf: () => AS_OF,
  resolveSecret: async (ref) => ('env' in ref ? (process.env[ref.env] ?? '') : readFile(ref.file, 'utf8')),
});

export interface Harness {
  sandbox: BamboohrSandbox;
  session: ConnectorSession;
}

/** A sandbox (with tenant variations, if any) and a session on it; `overrides` change the connector block. */
export const startHarness = async (
  org: SyntheticOrg,
  overrides: Record<string, unknown> = {},
  logger?: Logger,
  variations: readonly TenantVariation[] = [],
): Promise<Harness> => {
  const sandbox = await startBamboohrSandbox({ org, port: 0, variations });
  Object.assign(process.env, sandbox.env);
  const config = bamboohrConnector.configSchema.parse({ ...sandbox.connectorConfig('sub'), ...overrides });
  return { sandbox, session: bamboohrConnector.create(config, makeContext(logger)) };
};

export const readAll = async (
  session: ConnectorSession,
  options: ReadOptions = readOptions,
): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of session.readEmployees(options)) out.push(...page);
  return out;
};

/** The reference line the connector appends to the description (BambooHR goals have no external-key field). */
const referenceLine = (employeeId: string): string => `Ref: ${readOptions.goal.referenceIdPrefix}${employeeId}`;

export const desiredGoal = (
  employeeId: string,
  percentComplete: number,
  status: DesiredGoal['status'] = 'on-track',
): DesiredGoal => ({
  title: GOAL_TITLE,
  description: `Reach practitioner.\nStatus: ${status}`,
  dueDate: '2027-12-31',
  percentComplete,
  status,
  targetLevel: 'practitioner',
  marker: referenceLine(employeeId),
  referenceId: `fluencyflow-FY2027-${employeeId}`,
  cycleStart: '2027-01-01',
});
