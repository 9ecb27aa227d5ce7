import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmployeeEvaluation, SyntheticOrg } from '../../schemas/index.js';
import { createRandom } from '../../src/demo/random.js';
import { generateSyntheticHistory } from '../../src/demo/synthetic-history.js';
import { generateSyntheticOrg, GRADES } from '../../src/demo/synthetic-org.js';
import { buildMetrics } from '../../src/report/build-metrics.js';
import { metrics as metricsSchema } from '../../src/report/metrics-schema.js';
import { formatShare } from '../../src/report/render/format.js';
import { writeReport } from '../../src/report/write-report.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const LADDER = [
  { id: 'foundational', name: 'Foundational' },
  { id: 'practitioner', name: 'Practitioner' },
  { id: 'expert', name: 'Expert' },
];
const AS_OF = '2027-03-31';

/**
 * Stand-in for the engine (built in parallel): deterministic evaluations for the synthetic organisation, spread over
 * three connectors, with departments that lag on purpose so the ranking has something to rank.
 */
const evaluationsFor = (org: SyntheticOrg): EmployeeEvaluation[] => {
  const r = createRandom(11);
  const lag: Record<string, number> = { Sales: 0.45, Operations: 0.55, 'Customer Success': 0.6, Legal: 0.5 };
  return org.employees.map((e, i) => {
    const gradeRank = e.grade === null ? -1 : GRADES.findIndex((g) => g === e.grade);
    const unjudged = e.status !== 'active' ? e.status : e.grade === null ? 'grade-missing' : gradeRank < 0 ? 'grade-unknown' : null;
    const expected = e.jobFamily === 'Data Science' ? 2 : gradeRank >= 5 ? 1 : 0;
    const skill = r.next() * (lag[e.department ?? ''] ?? 0.85);
    const held = skill > 0.72 ? 2 : skill > 0.42 ? 1 : skill > 0.12 ? 0 : -1;
    const certifiedInactive = held < expected && r.chance(0.12);
    const status = unjudged ? null : held >= expected ? 'meets' : certifiedInactive ? 'certified-inactive' : r.chance(0.4) ? 'pursuing' : 'below';
    const perWeek = Math.round((Math.max(0, held + 1) * 1.3 + r.next() * 2.2) * 100) / 100;
    const nextGrade = gradeRank >= 0 ? (GRADES[gradeRank + 1] ?? null) : null;
    return {
      connector: i % 10 < 5 ? 'us' : i % 10 < 8 ? 'eu' : 'subsidiary',
      employeeId: e.id,
      displayName: `${e.firstName} ${e.lastName}`,
      department: e.department,
      jobFamily: e.jobFamily,
      jobTitle: e.jobTitle,
      grade: e.grade,
      gradeRank: gradeRank >= 0 ? gradeRank : null,
      unjudged,
      levelHeld: held >= 0 ? (LADDER[held]?.id ?? null) : null,
      levelExpected: unjudged ? null : (LADDER[expected]?.id ?? null),
      status,
      credentialLevels: [],
      enrolledLevels: [],
      activeDays: Math.round(perWeek * 4),
      windowDays: 28,
      activeDaysPerWeek: Math.min(7, perWeek),
      eventsLast28: Math.round(perWeek * 12),
      minutesSavedLast28: Math.round(perWeek * 40),
      signals: { certifiedInactive, burst: r.chance(0.03), tooFast: r.chance(0.01) },
      goal: unjudged || r.chance(0.05) ? null : { targetLevel: LADDER[Math.min(2, expected + 1)]?.id ?? 'expert', percentComplete: r.int(0, 100), status: 'on-track' },
      eligibility: unjudged ? null : { value: held >= expected ? 'eligible' : 'not-eligible', reason: 'AI fluency criterion', nextGrade },
      promotions: [],
      monthsInGrade: r.int(0, 40),
    };
  });
};

describe('dashboard in a real browser', () => {
  let browser: Browser;
  let dir: string;
  let evaluations: EmployeeEvaluation[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH. This test does not skip.`);
    }
    dir = await mkdtemp(join(tmpdir(), 'ff-dashboard-'));
    const org = generateSyntheticOrg({ asOf: AS_OF, employees: 900, seed: 42 });
    evaluations = evaluationsFor(org);
    const snapshots = generateSyntheticHistory({ evaluations, ladder: LADDER.map((l) => l.id), asOf: AS_OF });
    const metrics = buildMetrics({ evaluations, snapshots, ladder: LADDER, thresholdLevel: 'practitioner', asOf: AS_OF, minGroupSize: 5, organization: org.name });
    await writeReport({ dir, metrics });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) if (!process.env["KEEP_DASHBOARD"]) await rm(dir, { recursive: true, force: true }); else console.log("kept", dir);
  });

  it('renders every chart, makes no request, logs no error, and shows the thresholds of metrics.json', async () => {
    const metrics = metricsSchema.parse(JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')));
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (req) => requests.push(req.url()));
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { id: f.getAttribute('data-chart'), shapes: svg ? svg.querySelectorAll('path, rect').length : 0, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
    expect(charts.map((c) => c.id).sort()).toEqual(
      [
        'goal-coverage-trend',
        'practitioner-or-pursuing-trend',
        'level-by-department',
        'level-by-grade',
        'level-by-job-family',
        'use-by-level',
        'signals-by-department',
        'movement-qoq',
        'movement-yoy',
        'level-by-quarter',
        'lagging-departments',
      ].sort(),
    );
    for (const c of charts) {
      expect(c.shapes, `${c.id} draws shapes`).toBeGreaterThan(5);
      expect(c.width, `${c.id} has a width`).toBeGreaterThan(100);
      expect(c.height, `${c.id} has a height`).toBeGreaterThan(100);
    }

    for (const figure of [metrics.thresholds.goalCoverage, metrics.thresholds.practitioner]) {
      const value = page.locator(`[data-figure="${figure.id}"] .value`);
      expect(await value.textContent()).toBe(formatShare(figure.value));
      expect(Number(await value.getAttribute('data-value'))).toBe(figure.value);
      expect(figure.value).not.toBeNull();
    }
    expect(await page.locator('.banner').textContent()).toContain('synthetic');

    // No individual on the dashboard: no judged employee's name appears in the page text.
    const text = await page.locator('body').innerText();
    const named = evaluations.filter((e) => e.unjudged === null && text.includes(e.displayName)).map((e) => e.displayName);
    expect(named).toEqual([]);

    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);

    const shot = join(dir, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    const shots = join(here, '__screenshots__');
    await mkdir(shots, { recursive: true });
    await copyFile(shot, join(shots, 'dashboard.png'));
    expect((await readFile(shot)).length).toBeGreaterThan(50_000);

    // The print stylesheet lays the page out on paper without losing the charts.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
