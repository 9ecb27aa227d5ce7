import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConnectorContext, ReadOptions } from '../../../src/connector.js';
import { defaultHttpSettings, type HttpSettings } from '../../../src/http/index.js';
import { silentLogger } from '../../../src/logger.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import type { SyntheticOrg } from '../../../schemas/index.js';
import { workdayConfigSchema, type WorkdayConfig } from '../../../connectors/workday/config.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const specsDir = path.resolve(repoRoot, '../shared/specs/workday');

const settings = (extra: Partial<HttpSettings> = {}): HttpSettings => ({
  ...defaultHttpSettings,
  minTimeoutMs: 0,
  sleep: async () => {},
  ...extra,
});

export const testContext = async (extra: Partial<HttpSettings> = {}): Promise<ConnectorContext> => ({
  logger: silentLogger,
  baseDir: process.cwd(),
  cacheDir: await mkdtemp(path.join(tmpdir(), 'ff-wd-cache-')),
  http: settings(extra),
  configPath: 'connectors[0]',
  now: () => Date.now(),
  asOf: () => '2027-03-01',
  resolveSecret: async (ref) => ('env' in ref ? (process.env[ref.env] ?? '') : readFile(ref.file, 'utf8')),
});

const GOAL_TITLE = 'AI fluency development goal FY2027';

export const readOptions: ReadOptions = {
  asOf: '2027-03-01',
  cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
  goal: {
    cycleId: 'FY2027',
    title: GOAL_TITLE,
    markerPrefix: '[fluencyflow:FY2027:',
    referenceIdPrefix: 'FLUENCY-FY2027-',
  },
};

export const smallOrg = (employees = 60, seed = 7): SyntheticOrg =>
  generateSyntheticOrg({ asOf: '2027-03-01', employees, seed, standardGoalTitle: GOAL_TITLE, cycleEnd: '2027-12-31' });

/** Puts the sandbox's env into process.env and parses its connector block. */
export const sandboxConfig = (
  block: Record<string, unknown>,
  env: Record<string, string>,
  extra: Record<string, unknown> = {},
): WorkdayConfig => {
  Object.assign(process.env, env);
  return workdayConfigSchema.parse({ ...block, ...extra });
};
