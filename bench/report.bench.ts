import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmployeeEvaluation } from '../schemas/evaluation.js';
import { createRandom } from '../src/demo/random.js';
import { generateSyntheticHistory } from '../src/demo/synthetic-history.js';
import { buildMetrics } from '../src/report/build-metrics.js';
import { writeReport } from '../src/report/write-report.js';

const EMPLOYEES = 200_000;
const HTML_LIMIT = 5 * 1024 * 1024;
const LADDER = [
  { id: 'foundational', name: 'Foundational' },
  { id: 'practitioner', name: 'Practitioner' },
  { id: 'expert', name: 'Expert' },
];
const AS_OF = '2027-03-31';
const DEPARTMENTS = Array.from({ length: 40 }, (_, i) => `Department ${String(i + 1).padStart(2, '0')}`);
const FAMILIES = Array.from({ length: 25 }, (_, i) => `Job family ${String(i + 1).padStart(2, '0')}`);
const GRADES = Array.from({ length: 12 }, (_, i) => `G${i + 1}`);

const print = (metric: string, value: number, unit: string) =>
  console.log(JSON.stringify({ bench: 'report', metric, value, unit }));

/** A deterministic large organisation of evaluations, spread over three connectors. */
const evaluations = (n: number): EmployeeEvaluation[] => {
  const r = createRandom(2027);
  return Array.from({ length: n }, (_, i): EmployeeEvaluation => {
    const gradeRank = r.int(0, GRADES.length - 1);
    const unjudged = r.chance(0.02) ? 'terminated' : r.chance(0.01) ? 'grade-unknown' : null;
    const expected = gradeRank >= 6 ? 1 : 0;
    const held = r.weighted([
      [-1, 20],
      [0, 40],
      [1, 30],
      [2, 10],
    ] as const);
    const level = (k: number) => LADDER[k]?.id ?? null;
    return {
      connector: ['us', 'eu', 'subsidiary'][i % 3] ?? 'us',
      employeeId: String(100_000 + i),
      displayName: `Employee ${i}`,
      department: r.pick(DEPARTMENTS),
      ...((family) => ({ jobFamily: family, jobFamilies: [family] }))(r.pick(FAMILIES)),
      jobTitle: 'Role',
      grade: GRADES[gradeRank] ?? null,
      gradeRank,
      unjudged,
      levelHeld: level(held),
      levelExpected: unjudged ? null : level(expected),
      status: unjudged ? null : held >= expected ? 'meets' : r.chance(0.3) ? 'pursuing' : 'below',
      credentialLevels: [],
      enrolledLevels: [],
      activeDays: r.int(0, 28),
      windowDays: 28,
      activeDaysPerWeek: Math.round(r.next() * 700) / 100,
      eventsLast28: r.int(0, 400),
      minutesSavedLast28: r.int(0, 600),
      signals: { certifiedInactive: r.chance(0.04), burst: r.chance(0.02), tooFast: r.chance(0.01) },
      goal:
        unjudged || r.chance(0.04)
          ? null
          : { targetLevel: 'practitioner', percentComplete: r.int(0, 100), status: 'on-track' },
      eligibility: unjudged
        ? null
        : {
            value: held >= expected ? 'eligible' : 'not-eligible',
            reason: 'AI fluency criterion',
            nextGrade: GRADES[gradeRank + 1] ?? null,
          },
      promotions: [],
      monthsInGrade: r.int(0, 60),
    };
  });
};

const time = async <T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};

/** `report` on 200,000 employees with 8 quarters of history: time, peak memory, page size, against a JSON baseline. */
export const run = async (): Promise<void> => {
  const evals = evaluations(EMPLOYEES);
  const snapshots = generateSyntheticHistory({ evaluations: evals, ladder: LADDER.map((l) => l.id), asOf: AS_OF });
  print('employees', EMPLOYEES, 'count');
  print('snapshots', snapshots.length, 'count');

  const baseline = await time(() => JSON.stringify(evals).length);
  print('baseline_json_stringify_evaluations', Math.round(baseline.ms), 'ms');

  const dir = await mkdtemp(join(tmpdir(), 'ff-bench-report-'));
  try {
    const metrics = await time(() =>
      buildMetrics({
        evaluations: evals,
        snapshots,
        ladder: LADDER,
        thresholdLevel: 'practitioner',
        targets: { goalCoverage: 1, practitioner: 0.8 },
        asOf: AS_OF,
        minGroupSize: 5,
        organization: 'Bench Corp',
      }),
    );
    print('build_metrics', Math.round(metrics.ms), 'ms');
    print('heap_used_after_build', Math.round(process.memoryUsage().heapUsed / 1048576), 'MiB');
    const written = await time(() => writeReport({ dir, metrics: metrics.value }));
    print('write_report', Math.round(written.ms), 'ms');
    const total = metrics.ms + written.ms;
    print('report_total', Math.round(total), 'ms');
    print('report_total_vs_baseline', Math.round((total / baseline.ms) * 100) / 100, 'ratio');
    print('peak_rss', Math.round(process.resourceUsage().maxRSS / 1024), 'MiB');
    const size = (await stat(join(dir, 'index.html'))).size;
    print('html_size', size, 'bytes');
    print('html_size_vs_5mb', Math.round((size / HTML_LIMIT) * 1000) / 1000, 'ratio');
    if (size >= HTML_LIMIT) throw new Error(`index.html is ${size} bytes, over the 5 MB limit`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await run();
