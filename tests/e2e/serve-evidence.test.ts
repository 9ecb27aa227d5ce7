import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT } from '../helpers/cli.js';
import { startServeFixture, type ServeFixture } from '../helpers/serve.js';

/**
 * `schedule.evidence`: a file landing in the folder is imported once, then a run follows; a quiet folder runs nothing.
 */
describe('fluencyflow serve: evidence imports when files land', { timeout: CLI_TEST_TIMEOUT }, () => {
  let f: ServeFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('imports a new file and runs; the same file again runs nothing', async () => {
    f = await startServeFixture({
      config: { schedule: { evidence: { folder: 'inbox', kind: 'certifications', everyMinutes: 5 } } },
    });
    const runs = () => f?.service.runner.store.lastRuns(50) ?? [];
    // No folder yet, then an empty one: nothing to import, no run.
    f.clock.advanceTo('2027-06-27T00:06:00Z');
    await f.service.runner.idle();
    mkdirSync(join(f.ws.dir, 'inbox'));
    f.clock.advanceTo('2027-06-27T00:11:00Z');
    await f.service.runner.idle();
    expect(runs()).toEqual([]);

    copyFileSync(join(f.ws.dir, 'data', 'certifications.csv'), join(f.ws.dir, 'inbox', 'certifications-june.csv'));
    f.clock.advanceTo('2027-06-27T00:16:00Z');
    await f.service.runner.idle();
    expect(runs().map((r) => [r.command, r.status, r.actor])).toEqual([['apply', 'done', 'alice']]);
    expect(f.logger.lines.map((l) => l.msg)).toContainEqual(
      expect.stringMatching(/^evidence certifications-june\.csv: [1-9]\d* loaded, \d+ bad rows$/),
    );
    expect(f.sandbox.stats().writes).toBeGreaterThan(0);

    f.clock.advanceTo('2027-06-27T00:31:00Z');
    await f.service.runner.idle();
    expect(runs()).toHaveLength(1);
  });
});
