import { mkdtempSync } from 'node:fs';
import type { DateTime } from 'luxon';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectors } from '../../connectors/index.js';
import { config as configSchema, type Employee, type SyntheticOrg } from '../../schemas/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { dayNumber } from '../../src/core/days.js';
import { noEvidence, type EmployeeEvidence } from '../../src/core/evidence-view.js';
import { createEngine } from '../../src/engine/engine.js';
import type { EvidenceSource } from '../../src/engine/evaluate-org.js';
import { defaultHttpSettings, type HttpSettings } from '../../src/http/settings.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { baseConfigInput } from './config.js';

export const fastHttp = (over: Partial<HttpSettings> = {}): HttpSettings => ({
  ...defaultHttpSettings,
  minTimeoutMs: 0,
  maxTimeoutMs: 0,
  sleep: async () => {},
  ...over,
});

/**
 * Deterministic evidence for a synthetic organisation: a third practitioners, a third foundational, a third nothing.
 */
const syntheticEvidence = (org: SyntheticOrg) => {
  const byEmail = new Map<string, EmployeeEvidence>();
  const asOf = dayNumber(org.asOf);
  org.employees.forEach((e, i) => {
    if (!e.email) return;
    const days = (n: number) => Array.from({ length: n }, (_, k) => asOf - k);
    const mk = (issuer: string, credential: string, n: number): EmployeeEvidence => ({
      certifications: [{ issuer, credential, issuedOn: '2020-01-01', expiresOn: null }],
      enrolments: [],
      usage: { days: days(n).reverse(), events: days(n).map(() => 2), minutes: days(n).map(() => 1) },
    });
    if (i % 3 === 0) byEmail.set(e.email.toLowerCase(), mk('aws', 'ai-practitioner', 10));
    else if (i % 3 === 1) byEmail.set(e.email.toLowerCase(), mk('internal', 'ai-foundations', 5));
  });
  return async (employees: readonly Employee[]): Promise<EvidenceSource> => {
    const byKey = new Map<string, EmployeeEvidence>();
    for (const e of employees) {
      const ev = e.email ? byEmail.get(e.email.toLowerCase()) : undefined;
      if (ev) byKey.set(`${e.connector}:${e.id}`, ev);
    }
    return { bundleFor: (k) => byKey.get(k) ?? noEvidence, issues: [], counts: { matched: byKey.size } };
  };
};

/** An engine on one running sandbox, with the DESIGN example policy and its cycle around the org's as-of date. */
export const engineFor = (
  sandbox: RunningSandbox,
  org: SyntheticOrg,
  over: {
    http?: Partial<HttpSettings>;
    env?: NodeJS.ProcessEnv;
    state?: string;
    connector?: Record<string, unknown>;
    /** The engine's clock and logger (the delta-read tests move the clock and read the log). */
    now?: () => DateTime;
    logger?: Logger;
    reads?: { fullEvery: number };
  } = {},
) => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-contract-'));
  const year = org.asOf.slice(0, 4);
  const config = configSchema.parse({
    ...baseConfigInput(),
    asOf: org.asOf,
    cycle: { id: `FY${year}`, start: `${year}-01-01`, end: `${year}-12-31`, zone: 'America/New_York' },
    connectors: [{ ...sandbox.connectorConfig('c1'), ...over.connector }],
    state: over.state ?? join(dir, 'state.db'),
    ...(over.reads ? { reads: over.reads } : {}),
  });
  const load = syntheticEvidence(org);
  return createEngine({
    config,
    configPath: join(dir, 'fluencyflow.yaml'),
    configDir: dir,
    registry: connectors,
    logger: over.logger ?? silentLogger,
    ...(over.now ? { now: over.now } : {}),
    http: fastHttp(over.http),
    env: { ...sandbox.env, ...over.env },
    loadEvidence: ({ employees }) => load(employees),
  });
};
