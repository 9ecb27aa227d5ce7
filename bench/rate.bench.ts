/**
 * Rate limits: each connector's sandbox is limited to R requests a second (a token bucket answering the provider's
 * 429, or BambooHR's, with Retry-After past it), then a read-heavy phase (`plan`) and a write-heavy phase (`apply` on
 * an empty tenant) run through it. Figures per phase: `achieved_rate`, the rate while the limit binds (from the
 * phase's first throttle to its last), and its ratio to R (`baseline`); `phase_rate`, from the phase's first request
 * to its last beyond the bucket's first second of burst (sequential paging and evaluation included); the throttles
 * met; the requests throttled twice in a row (the aim is none). A phase whose own requests never met the limit (too
 * few to reach it) says so with `limited: false`.
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

interface Sent {
  at: number;
  write: boolean;
}

/** Whether a request writes: SOAP reads are `Get_*`, BambooHR's report and the token requests are POSTs that read. */
const isWrite = (method: string, route: string): boolean =>
  method !== 'GET' && !/^Get_|reports\/custom|token/i.test(route);

const round1 = (x: number): number => Math.round(x * 10) / 10;

const level = (id: string, credential: string, minActiveDays: number) => ({
  id,
  evidence: { credentials: [credential], use: { minActiveDays, windowDays: 28 } },
});

const configText = (org: SyntheticOrg, sandbox: RunningSandbox): string =>
  stringify({
    version: 1,
    organization: 'Bench',
    asOf: org.asOf,
    cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
    ladder: [
      level('foundational', 'internal:ai-foundations', 4),
      level('practitioner', 'aws:ai-practitioner', 8),
      level('expert', 'internal:ai-expert-review', 16),
    ],
    grades: { order: org.grades, expect: [{ level: 'foundational' }, { level: 'practitioner', fromGrade: 'G6' }] },
    credentials: { 'AWS Certified AI Practitioner': 'aws:ai-practitioner' },
    evidence: {
      certifications: 'data/certifications.csv',
      enrolments: 'data/enrolments.csv',
      usage: 'data/usage.ndjson',
    },
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
    const org = generateSyntheticOrg({
      asOf: '2027-06-30',
      employees: n,
      seed: 9,
      standardGoalTitle: 'AI fluency development goal FY2027',
      cycleEnd: '2027-12-31',
    });
    const sandbox = await def.sandbox.start({ org, port: 0 });
    // A connector that reaches its HRIS through a folder (csv-drop) sends no requests: no rate to meet.
    if (!/^https?:/.test(sandbox.baseUrl)) {
      emit('rate', 'no_http', 1, 'connector', { connector: type });
      await sandbox.close();
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), 'ff-bench-rate-'));
    try {
      const data = join(dir, 'data');
      writeSampleEvidence({ employees: org.employees, asOf: org.asOf, zone: 'America/New_York', dir: data });
      const path = join(dir, 'fluencyflow.yaml');
      const text = configText(org, sandbox);
      writeFileSync(path, text);
      const log: { sent: Sent[]; throttles: number[]; repeated: number; lowest: number } = {
        sent: [],
        throttles: [],
        repeated: 0,
        lowest: Number.POSITIVE_INFINITY,
      };
      const engine = createEngine(parseConfigText({ text, path }), {
        env: { ...process.env, ...sandbox.env },
        http: {
          ...defaultHttpSettings,
          onRequest: ({ method, route }) => log.sent.push({ at: performance.now(), write: isWrite(method, route) }),
          onThrottle: (info) => {
            log.throttles.push(performance.now());
            if (info.repeated) log.repeated++;
            log.lowest = Math.min(log.lowest, info.concurrency);
          },
        },
      });
      /** One phase: a fresh, full bucket, then the work; figures from the sandbox (accepted) and the client. */
      const phase = async (name: 'read' | 'write', work: () => Promise<unknown>): Promise<void> => {
        sandbox.setQuirks({ faults: [{ kind: 'rate-limit', perSecond }] });
        sandbox.resetStats();
        Object.assign(log, { sent: [], throttles: [], repeated: 0, lowest: Number.POSITIVE_INFINITY });
        const t0 = performance.now();
        await work();
        const total = (performance.now() - t0) / 1000;
        const { requests, writes } = sandbox.stats();
        const extra = { connector: type, phase: name, employees: n, requests, writes, phaseSeconds: round1(total) };
        // While the limit binds: from the first throttle of the phase's own requests (all of a plan's; an apply's
        // from its first write on, before which it reads as a plan does) to its last throttle. The bucket is empty
        // at both ends, so the server allowed R a second in between, and `accepted` is what was used of it.
        const own = log.sent.find((x) => name === 'read' || x.write)?.at ?? t0;
        const limited = log.throttles.some((t) => t >= own);
        const from = log.throttles.find((t) => t >= own) ?? own;
        const to = log.throttles.at(-1) ?? from;
        const seconds = Math.max(0.001, (to - from) / 1000);
        const inside = (t: number) => t > from && t <= to;
        const accepted = log.sent.filter((x) => inside(x.at)).length - log.throttles.filter(inside).length;
        const rate = accepted / seconds;
        const ratio = (r: number) => Math.round((r / perSecond) * 1000) / 1000;
        const figures = { accepted, seconds: round1(seconds), baseline: perSecond, ratio: ratio(rate), limited };
        emit('rate', 'achieved_rate', limited ? rate : 0, 'requests/s', { ...extra, ...figures });
        // The whole phase, from its first request to its last, evaluation time included.
        const all = Math.max(0.001, ((log.sent.at(-1)?.at ?? t0) - (log.sent[0]?.at ?? t0)) / 1000);
        const phaseRate = Math.max(0, requests - perSecond) / all;
        const whole = { seconds: round1(all), baseline: perSecond, ratio: ratio(phaseRate) };
        emit('rate', 'phase_rate', phaseRate, 'requests/s', { ...extra, ...whole });
        emit('rate', 'throttled', log.throttles.length, 'requests', extra);
        emit('rate', 'throttled_twice_in_a_row', log.repeated, 'requests', extra);
        if (log.throttles.length > 0) emit('rate', 'lowest_concurrency', log.lowest, 'requests', extra);
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
