import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT } from '../helpers/cli.js';
import { parsePrometheus, startServeFixture, TOKENS, type ServeFixture } from '../helpers/serve.js';
import { findChromium } from '../setup/chromium.js';

const CHROMIUM = findChromium();

/**
 * DESIGN §9 Production, in a real browser: `fluencyflow serve` with `approval: required` against a BambooHR sandbox.
 * Nothing is readable without a token; the weekly run (on an injected clock) only plans; the planner cannot approve
 * their own plan; a second approver approves in the page, and exactly that plan is applied.
 */
describe('fluencyflow serve: the page, approvals and metrics in Chromium', { timeout: CLI_TEST_TIMEOUT }, () => {
  let browser: Browser;
  let f: ServeFixture;
  const open = async (token: string | null, path = '/'): Promise<{ page: Page; status: number | null }> => {
    const context = await browser.newContext(
      token === null ? {} : { extraHTTPHeaders: { authorization: `Bearer ${token}` } },
    );
    const page = await context.newPage();
    const res = await page.goto(new URL(path, f.service.url).href);
    return { page, status: res?.status() ?? null };
  };

  beforeAll(async () => {
    if (CHROMIUM === null || !existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found${CHROMIUM ? ` at ${CHROMIUM}` : ''}: install it or set CHROMIUM_PATH. ` +
          'This test does not skip.',
      );
    f = await startServeFixture({ config: { approval: 'required' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, CLI_TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('answers 401 to every request without a valid token, and the probes without one', async () => {
    for (const path of ['/', '/metrics', '/dashboard/', '/committee/', '/committee/committee.csv', '/no-such-page']) {
      expect((await open(null, path)).status, path).toBe(401);
      expect((await open('not-a-token', path)).status, path).toBe(401);
    }
    const post = await fetch(new URL('/plans/anything/approve', f.service.url), {
      method: 'POST',
      body: new URLSearchParams({ csrf: 'x' }),
    });
    expect(post.status).toBe(401);
    expect(post.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(new URL('/healthz', f.service.url))).status).toBe(200);
    expect((await fetch(new URL('/readyz', f.service.url))).status).toBe(200);
  });

  it('the weekly run only plans and keeps the plan; the planner cannot approve it; a second approver applies it', async () => {
    const writesBefore = f.sandbox.stats().writes;
    await f.weeklyRun();
    expect(f.sandbox.stats().writes).toBe(writesBefore);
    const kept = f.service.runner.approvals.pending();
    if (kept === null) throw new Error('the weekly run kept no plan');
    expect(kept.plannedBy).toBe('alice');
    expect(kept.changes).toBeGreaterThan(0);

    // Carol may read the plan but has no form.
    const carol = await open(TOKENS.carol);
    expect(carol.status).toBe(200);
    expect(await carol.page.locator('#pending').getAttribute('data-plan')).toBe(kept.id);
    expect(await carol.page.locator('#approve').count()).toBe(0);

    // Alice made it: her button is disabled, and forcing the form through is refused by the service, and audited.
    const alice = await open(TOKENS.alice);
    expect(await alice.page.locator('#approve').isDisabled()).toBe(true);
    await alice.page.$eval('#approve', (b) => b.removeAttribute('disabled'));
    await alice.page.click('#approve');
    await alice.page.waitForLoadState('load');
    expect(alice.page.url()).toMatch(/refused=own/);
    expect(await alice.page.locator('#notice').textContent()).toContain('the planner cannot approve their own plan');
    expect(f.service.runner.approvals.get(kept.id).status).toBe('pending');
    await f.service.runner.idle();
    expect(f.sandbox.stats().writes).toBe(writesBefore);

    // Bob approves in the page; exactly that plan is applied, as bob.
    const bob = await open(TOKENS.bob);
    expect(await bob.page.locator('#who').textContent()).toBe('bob');
    await bob.page.click('#approve');
    await bob.page.waitForLoadState('load');
    expect(bob.page.url()).toMatch(/approved=/);
    await f.service.runner.idle();
    const done = f.service.runner.approvals.get(kept.id);
    expect(done).toMatchObject({ status: 'applied', approvedBy: 'bob' });
    if (done.applyRunId === null) throw new Error('no apply run recorded');
    const applyRun = f.service.runner.store.runById(done.applyRunId);
    expect(applyRun).toMatchObject({
      command: 'apply',
      actor: 'bob',
      status: 'done',
      planFingerprint: kept.fingerprint,
    });
    expect(applyRun?.summary).toMatchObject({ applied: kept.changes, failed: 0 });
    expect(f.sandbox.stats().writes).toBeGreaterThan(writesBefore);

    // The audit log: alice's refused attempt, bob's approval, then the writes of the apply run; the chain holds.
    const approvals = f.service.runner.store
      .auditFor({ runId: kept.id })
      .map((r) => [r['actor'], r['action'], r['outcome']]);
    expect(approvals).toEqual([
      ['alice', 'approve-refused', 'skipped'],
      ['bob', 'approve', 'applied'],
    ]);
    expect(f.service.runner.store.auditFor({ runId: done.applyRunId }).length).toBeGreaterThan(0);
    expect(f.service.runner.store.verifyAudit()).toMatchObject({ problem: null, missingTriggers: [], openIntents: 0 });

    // The page shows it, and no plan is pending any more.
    await bob.page.goto(new URL('/', f.service.url).href);
    expect(await bob.page.locator(`#plans tr[data-plan="${kept.id}"] .status`).textContent()).toBe('applied');
    expect(await bob.page.locator('#pending').count()).toBe(0);
    // Approving it again is refused: it is no longer pending.
    expect(() => f.service.runner.approve(kept.id, 'carol')).toThrow(/not pending/);
  });

  it('serves the dashboard and the committee view to a signed-in user', async () => {
    const dash = await open(TOKENS.carol, '/dashboard/');
    expect(dash.status).toBe(200);
    expect(await dash.page.locator('figure.chart').count()).toBeGreaterThan(0);
    const committee = await open(TOKENS.carol, '/committee/');
    expect(committee.status).toBe(200);
    expect(await committee.page.locator('table').count()).toBeGreaterThan(0);
    const traversal = await fetch(new URL('/dashboard/..%2F..%2Fstate.db', f.service.url), {
      headers: { authorization: `Bearer ${TOKENS.carol}` },
    });
    expect(traversal.status).toBe(404);
  });

  it('the metrics scrape parses and counts the runs, the changes and the calls to the HRIS', async () => {
    const res = await fetch(new URL('/metrics', f.service.url), {
      headers: { authorization: `Bearer ${TOKENS.carol}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await res.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((a, s) => a + s.value, 0);
    expect(value('fluencyflow_runs_total', { trigger: 'weekly', command: 'plan', status: 'pending-approval' })).toBe(1);
    expect(value('fluencyflow_runs_total', { trigger: 'approval', command: 'apply', status: 'done' })).toBe(1);
    const applied = f.service.runner.approvals.list(1)[0]?.changes ?? -1;
    expect(value('fluencyflow_changes_total', { outcome: 'applied' })).toBe(applied);
    expect(value('fluencyflow_hris_calls_total', { connector: 'sub' })).toBeGreaterThan(0);
    expect(value('fluencyflow_pending_plans')).toBe(0);
    expect(
      samples.some((s) => s.name === 'fluencyflow_threshold_share' && s.labels['threshold'] === 'goalCoverage'),
    ).toBe(true);
  });
});
