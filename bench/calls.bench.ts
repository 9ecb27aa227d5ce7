/**
 * HTTP calls for a full run (`apply` on an empty tenant) and for an unchanged re-run, per employee, against each
 * connector's sandbox. Baseline in the same run: the number of changes applied (a write per change, with no batching
 * and no reads, is the floor for an API without batch writes); `ratio_to_changes` compares with it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { connectors } from '../connectors/index.js';
import { writeSampleEvidence } from '../src/demo/sample-evidence.js';
import { generateSyntheticOrg } from '../src/demo/synthetic-org.js';
import { createEngine, parseConfigText } from '../src/index.js';
import { defaultHttpSettings } from '../src/http/settings.js';
import { emit } from './emit.js';

const N = Number(process.env.FLUENCYFLOW_BENCH_CALLS_EMPLOYEES ?? 1000);

export const run = async (): Promise<void> => {
  for (const [type, def] of Object.entries(connectors)) {
    const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: N, seed: 9, standardGoalTitle: 'AI fluency development goal FY2027', cycleEnd: '2027-12-31' });
    const sandbox = await def.sandbox.start({ org, port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'ff-bench-calls-'));
    try {
      writeSampleEvidence({ employees: org.employees, asOf: org.asOf, zone: 'America/New_York', dir: join(dir, 'data') });
      const text = stringify({
        version: 1,
        organization: 'Bench',
        asOf: org.asOf,
        cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'America/New_York' },
        ladder: [
          { id: 'foundational', evidence: { credentials: ['internal:ai-foundations'], use: { minActiveDays: 4, windowDays: 28 } } },
          { id: 'practitioner', evidence: { credentials: ['aws:ai-practitioner', 'google:ai-essentials'], use: { minActiveDays: 8, windowDays: 28 } } },
          { id: 'expert', evidence: { credentials: ['internal:ai-expert-review'], use: { minActiveDays: 16, windowDays: 28 } } },
        ],
        grades: { order: org.grades, expect: [{ level: 'foundational' }, { level: 'practitioner', fromGrade: 'G6' }] },
        credentials: { 'AWS Certified AI Practitioner': 'aws:ai-practitioner', 'Google AI Essentials': 'google:ai-essentials' },
        evidence: { certifications: 'data/certifications.csv', enrolments: 'data/enrolments.csv', usage: 'data/usage.ndjson' },
        connectors: [sandbox.connectorConfig('bench')],
      });
      const path = join(dir, 'fluencyflow.yaml');
      writeFileSync(path, text);
      let clientCalls = 0;
      const engine = createEngine(parseConfigText({ text, path }), {
        env: { ...process.env, ...sandbox.env },
        http: { ...defaultHttpSettings, onRequest: () => void clientCalls++ },
      });
      try {
        sandbox.resetStats();
        const t0 = performance.now();
        const full = await engine.apply();
        const fullMs = performance.now() - t0;
        const fullCalls = sandbox.stats().requests;
        const changes = full.result.applied;
        sandbox.resetStats();
        clientCalls = 0;
        const t1 = performance.now();
        const rerun = await engine.apply();
        const rerunMs = performance.now() - t1;
        const rerunCalls = sandbox.stats().requests;
        const extra = { connector: type, employees: org.employees.length };
        emit('calls', 'full_run_calls', fullCalls, 'requests', { ...extra, changes, writes: changes, failed: full.result.failed });
        emit('calls', 'full_run_calls_per_employee', fullCalls / org.employees.length, 'requests/employee', extra);
        emit('calls', 'full_run_ratio_to_changes', fullCalls / Math.max(1, changes), 'ratio', extra);
        emit('calls', 'full_run_time', fullMs, 'ms', extra);
        emit('calls', 'rerun_calls', rerunCalls, 'requests', { ...extra, writes: rerun.result.applied });
        emit('calls', 'rerun_calls_per_employee', rerunCalls / org.employees.length, 'requests/employee', extra);
        emit('calls', 'rerun_time', rerunMs, 'ms', extra);
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
