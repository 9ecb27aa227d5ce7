/** Shared set-up for the SuccessFactors tests that run against the sandbox. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { successfactorsConfigSchema } from '../../../connectors/successfactors/config.js';
import { createSession } from '../../../connectors/successfactors/session.js';
import { z } from 'zod';
import { signedAssertionBase64 } from '../../../connectors/successfactors/saml.js';
import {
  SANDBOX_API_USER,
  SANDBOX_COMPANY_ID,
  SANDBOX_ENV,
  startSuccessFactorsSandbox,
  type SuccessFactorsSandbox,
} from '../../../connectors/successfactors/sandbox/index.js';
import type { ConnectorSession, EmployeeRecord, ReadOptions, SandboxQuirks } from '../../../src/connector.js';
import type { Change } from '../../../schemas/index.js';
import { generateSyntheticOrg } from '../../../src/demo/synthetic-org.js';
import { defaultHttpSettings, type HttpSettings } from '../../../src/http/index.js';
import { silentLogger, type Logger } from '../../../src/logger.js';

export const AS_OF = '2027-03-01';
export const TITLE = 'AI fluency development goal FY2027';
export const readOptions: ReadOptions = {
  asOf: AS_OF,
  cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
  goal: { cycleId: 'FY2027', title: TITLE, markerPrefix: '[fluencyflow:FY2027:', referenceIdPrefix: 'ff-FY2027-' },
};

export const makeOrg = (employees = 150) =>
  generateSyntheticOrg({ asOf: AS_OF, employees, seed: 7, standardGoalTitle: TITLE, cycleEnd: '2027-12-31' });

export const testSettings = (waits: number[] = []): HttpSettings => ({
  ...defaultHttpSettings,
  minTimeoutMs: 0,
  sleep: async (ms) => {
    waits.push(ms);
  },
});

export const startWith = async (quirks: Partial<SandboxQuirks> = {}, employees = 150): Promise<SuccessFactorsSandbox> =>
  startSuccessFactorsSandbox({ org: makeOrg(employees), quirks });

export const sessionFor = (
  sandbox: SuccessFactorsSandbox,
  o: {
    settings?: HttpSettings;
    env?: Record<string, string>;
    logger?: Logger;
    over?: Record<string, unknown>;
    asOf?: string;
  } = {},
): ConnectorSession => {
  const env = o.env ?? sandbox.env;
  const config = successfactorsConfigSchema.parse({ ...sandbox.connectorConfig('eu'), ...o.over });
  return createSession(config, {
    logger: o.logger ?? silentLogger,
    baseDir: process.cwd(),
    cacheDir: mkdtempSync(join(tmpdir(), 'ff-sf-')),
    http: o.settings ?? testSettings(),
    configPath: 'connectors[0]',
    now: () => Date.now(),
    asOf: () => o.asOf ?? '2027-03-31',
    resolveSecret: async (ref) => ('env' in ref ? (env[ref.env] ?? '') : readFile(ref.file, 'utf8')),
  });
};

export const readAll = async (session: ConnectorSession): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of session.readEmployees(readOptions)) out.push(...page);
  return out;
};

/** A tiny stand-in for the engine's diff: the goal, a flag and (for promoted people) a note per active employee. */
export const changesFor = (records: readonly EmployeeRecord[], o: { percent: number; limit: number }): Change[] => {
  const changes: Change[] = [];
  // People who already hold a copy of the goal first, so a small limit still exercises adoption (update).
  const chosen = records
    .filter((r) => r.employee.status === 'active')
    .sort((a, b) => b.current.goals.length - a.current.goals.length)
    .slice(0, o.limit);
  for (const { employee: e, current } of chosen) {
    const marker = `Ref: ${readOptions.goal.referenceIdPrefix}${e.id}`;
    const after = {
      title: TITLE,
      description: 'Reach practitioner.',
      dueDate: '2027-12-31',
      percentComplete: o.percent,
      status: 'on-track' as const,
      targetLevel: 'practitioner',
      marker,
      referenceId: `ff-FY2027-${e.id}`,
      cycleStart: '2027-01-01',
    };
    const goal = current.goals[0] ?? null;
    const same =
      goal !== null &&
      !goal.closed &&
      goal.title === after.title &&
      goal.description === after.description &&
      goal.percentComplete === after.percentComplete &&
      goal.dueDate === after.dueDate &&
      goal.status === after.status;
    const base = { connector: 'eu', employeeId: e.id, reason: 'test' };
    if (!same)
      changes.push({
        ...base,
        key: `g-${e.id}`,
        kind: 'goal',
        action: goal ? 'update' : 'create',
        before: goal,
        after,
      });
    const flag = {
      value: o.percent >= 50 ? ('eligible' as const) : ('not-eligible' as const),
      reason: `progress ${o.percent}`,
    };
    if (current.eligibility?.value !== flag.value || current.eligibility.reason !== flag.reason)
      changes.push({
        ...base,
        key: `f-${e.id}`,
        kind: 'eligibility',
        action: current.eligibility ? 'update' : 'create',
        before: current.eligibility,
        after: flag,
      });
    const last = e.jobHistory[e.jobHistory.length - 1];
    const prev = e.jobHistory[e.jobHistory.length - 2];
    if (
      last &&
      prev &&
      last.event === '8' &&
      !current.exceptionNotes.some((n) => n.promotionDate === last.effectiveDate)
    ) {
      const note = {
        promotionDate: last.effectiveDate,
        fromGrade: prev.grade ?? '',
        toGrade: last.grade ?? '',
        note: 'Promoted without the fluency: exception: justification required',
      };
      changes.push({ ...base, key: `n-${e.id}`, kind: 'exception-note', action: 'create', before: null, after: note });
    }
  }
  return changes;
};

/** A bearer token of the sandbox's API user, for tests that speak to the sandbox without a session. */
export const sandboxToken = async (sb: SuccessFactorsSandbox): Promise<string> => {
  const clientId = sb.env[SANDBOX_ENV.clientId] ?? '';
  const res = await fetch(`${sb.baseUrl}oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      company_id: SANDBOX_COMPANY_ID,
      client_id: clientId,
      grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
      assertion: signedAssertionBase64({
        connector: 'sf',
        clientId,
        userId: SANDBOX_API_USER,
        recipient: `${sb.baseUrl}oauth/token`,
        privateKeyPem: sb.env[SANDBOX_ENV.key] ?? '',
        now: new Date(),
        validForSeconds: 300,
      }),
    }).toString(),
  });
  return z.object({ access_token: z.string() }).parse(await res.json()).access_token;
};
