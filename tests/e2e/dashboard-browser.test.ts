import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics as metricsSchema } from '../../src/report/metrics-schema.js';
import { formatShare } from '../../src/report/render/format.js';
import { CLI_TEST_TIMEOUT, runCli } from '../helpers/cli.js';
import { findChromium } from '../setup/chromium.js';

// CHROMIUM_PATH, PATH, or where Debian, Ubuntu and macOS put it; `npm test` installs it first where it can.
const CHROMIUM = findChromium();
const here = dirname(fileURLToPath(import.meta.url));
const AS_OF = '2027-03-31';

describe('dashboard in a real browser', { timeout: CLI_TEST_TIMEOUT }, () => {
  let browser: Browser;
  let work: string;
  let dir: string;
  /** The people the demo's committee list names: none of them may appear on the dashboard. */
  let names: string[];

  beforeAll(async () => {
    if (CHROMIUM === null || !existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found${CHROMIUM ? ` at ${CHROMIUM}` : ''}: install it (apt-get install -y chromium) ` +
          'or set CHROMIUM_PATH. This test does not skip.',
      );
    }
    // The demo itself (three sandboxes, plan, apply, report), smaller than its default so the test stays quick.
    work = await mkdtemp(join(tmpdir(), 'ff-dashboard-'));
    const demo = await runCli(['demo', '--out', join(work, 'demo'), '--employees', '400', '--as-of', AS_OF], {
      cwd: work,
    });
    if (demo.code !== 0) throw new Error(`demo failed (${String(demo.code)}): ${demo.stderr}`);
    dir = join(work, 'demo', 'report');
    const rows: unknown = parse(await readFile(join(dir, 'committee', 'committee.csv'), 'utf8'), {
      columns: true,
      bom: true,
    });
    names = (Array.isArray(rows) ? rows : [])
      .map((r: unknown) => (typeof r === 'object' && r !== null && 'Name' in r ? String(r.Name).replace(/^'/, '') : ''))
      .filter((n) => n.length > 3);
    expect(names.length).toBeGreaterThan(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, CLI_TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (work && !process.env['KEEP_DASHBOARD']) await rm(work, { recursive: true, force: true });
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
        return {
          id: f.getAttribute('data-chart'),
          shapes: svg ? svg.querySelectorAll('path, rect').length : 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
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

    // No individual on the dashboard: nobody on the committee's list appears in the page.
    const text = await page.locator('body').innerText();
    expect(names.filter((n) => text.includes(n))).toEqual([]);

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
