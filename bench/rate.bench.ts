/**
 * Rate limits: each connector's sandbox is limited to R requests a second (a token bucket answering the provider's
 * 429, or BambooHR's, with Retry-After past it), then a read-heavy phase (`plan`) and a write-heavy phase (`apply` on
 * an empty tenant) run through it. Figures per phase: the rate achieved beyond the bucket's first second of burst,
 * its ratio to R (`baseline`), the throttles the connector met, and the requests throttled twice in a row (the aim
 * is none). A phase that never met the limit (too few requests to reach it) says so with `limited: false`.
 *
 * `FLUENCYFLOW_BENCH_RATE_PER_SECOND` (default 20) and `FLUENCYFLOW_BENCH_RATE_EMPLOYEES` (default 1000).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { connectors } from '../connectors/index.js';
import type { RunningSandbox } from '../src/connector.js';
import { writeSampleEvidence } from '../src/demo/sample-evidence.js';
import type { SyntheticOrg } from '../schemas/org.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { createEngine, parseConfigText } from '../src/index.js';
import { defaultHttpSettings } from '../src/http/settings.js';
import { emit as emitLine } from './emit.js';

export interface RateBenchOptions {
  employees?: number;
  perSecond?: number;
  /** Only these connector types (default all). */
  types?: readonly string[];
  emit?: typeof emitLine;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

const configText = (org: SyntheticOrg, sandbox: RunningSandbox): string =>
  stringify({
    version: 1,
    organization: 'Bench',
    asOf: org.asOf,
    cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
    ladder: [
      { id: 'foundational', evidence: { credentials: ['internal:ai-foundations'], use: { minActiveDays: 4, windowDays: 28 } } },
      { id: 'practitioner', evidence: { credentials: ['aws:ai-practitioner'], use: { minActiveDays: 8, windowDays: 28 } } },
      { id: 'expert', evidence: { credentials: ['internal:ai-expert-review'], use: { minActiveDays: 16, windowDays: 28 } } },
    ],
    grades: { order: org.grades, expect: [{ level: 'foundational' }, { level: 'practitioner', fromGrade: 'G6' }] },
    credentials: { 'AWS Certified AI Practitioner': 'aws:ai-practitioner' },
    evidence: { certifications: 'data/certifications.csv', enrolments: 'data/enrolments.csv', usage: 'data/usage.ndjson' },
    connectors: [sandbox.connectorConfig('bench')],
  });

export const run = async (options: RateBenchOptions = {}): Promise<void> => {
  const emit = options.emit ?? emitLine;
  const n = options.employees ?? Number(process.env.FLUENCYFLOW_BENCH_RATE_EMPLOYEES ?? 1000);
  const perSecond = options.perSecond ?? Number(process.env.FLUENCYFLOW_BENCH_RATE_PER_SECOND ?? 20);
  const types = Object.keys(connectors).filter((t) => options.types === undefined || options.types.includes(t));
  for (const type of types) {
    const def = connectors[type];
    if (def === undefined) continue;
    const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: n, seed: 9, standardGoalTitle: 'AI fluency development goal FY2027', cycleEnd: '2027-12-31' });
    const sandbox = await def.sandbox.start({ org, port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'ff-bench-rate-'));
    try {
      writeSampleEvidence({ employees: org.employees, asOf: org.asOf, zone: 'America/New_York', dir: join(dir, 'data') });
      const path = join(dir, 'fluencyflow.yaml');
      const text = configText(org, sandbox);
      writeFileSync(path, text);
      const seen = { throttles: 0, repeated: 0, lowest: Number.POSITIVE_INFINITY, first: 0, last: 0 };
      const engine = createEngine(parseConfigText({ text, path }), {
        env: { ...process.env, ...sandbox.env },
        http: {
          ...defaultHttpSettings,
          onRequest: () => {
            seen.last = performance.now();
            if (seen.first === 0) seen.first = seen.last;
          },
          onThrottle: (info) => {
            seen.throttles++;
            if (info.repeated) seen.repeated++;
            seen.lowest = Math.min(seen.lowest, info.concurrency);
          },
        },
      });
      /** One phase: a fresh, full bucket, then the work; figures from the sandbox (accepted) and the client. */
      const phase = async (name: 'read' | 'write', work: () => Promise<unknown>): Promise<void> => {
        sandbox.setQuirks({ faults: [{ kind: 'rate-limit', perSecond }] });
        sandbox.resetStats();
        Object.assign(seen, { throttles: 0, repeated: 0, lowest: Number.POSITIVE_INFINITY, first: 0, last: 0 });
        const t0 = performance.now();
        await work();
        const total = (performance.now() - t0) / 1000;
        // From the first request sent to the last (the phase also reads evidence and evaluates, sending nothing).
        const seconds = Math.max(0.001, (seen.last - seen.first) / 1000);
        const { requests, writes } = sandbox.stats();
        // The bucket starts full: its first second's burst is not counted towards the rate.
        const rate = Math.max(0, requests - perSecond) / seconds;
        const extra = { connector: type, phase: name, employees: n, requests, writes, seconds: round1(seconds), phaseSeconds: round1(total) };
        const limited = seen.throttles > 0;
        emit('rate', 'achieved_rate', rate, 'requests/s', { ...extra, baseline: perSecond, ratio: Math.round((rate / perSecond) * 1000) / 1000, limited });
        emit('rate', 'throttled', seen.throttles, 'requests', extra);
        emit('rate', 'throttled_twice_in_a_row', seen.repeated, 'requests', extra);
        if (limited) emit('rate', 'lowest_concurrency', seen.lowest, 'requests', extra);
      };
      try {
        await phase('read', () => engine.plan());
        await phase('write', () => engine.apply());
      } finally {
        await engine.close();
      }
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await run();
