import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { suiteSandbox } from '../helpers/suite-sandbox.js';
import { engineFor } from '../helpers/engine.js';

/**
 * `ConnectorSession.revert` against every registered connector and its sandbox, through the engine: a run undone
 * twice undoes once, and undoing something already gone is a `noop`, not an error (the sandbox answers as the API
 * does: BambooHR `success: false`, SuccessFactors and Workday 404).
 */
describe.each(Object.keys(connectors))('revert contract: %s', (type) => {
  const { org, sandbox } = suiteSandbox(type, { employees: 60, seed: 12 });

  it('undoes a run once; a second revert finds it undone; a revert is not reverted; a note already gone is a noop', async () => {
    const engine = engineFor(sandbox(), org);
    try {
      const { summary } = await engine.apply();
      expect(summary.failed).toBe(0);
      const plan = await engine.planRevert(summary.runId);
      const changes = plan.revert?.changes ?? [];
      const note = changes.find((c) => c.kind === 'exception-note');
      if (!note) throw new Error('fixture: the run added no exception note');
      const removed = changes.filter((c) => c.kind === 'goal' && c.after === null);
      expect(removed.length).toBeGreaterThan(0);
      expect(new Set(removed.map((c) => c.action))).toEqual(new Set([type === 'workday' ? 'close' : 'delete']));

      const first = await engine.revert({ runId: summary.runId });
      expect(first.result.failures).toEqual([]);
      expect(first.result.applied).toBe(changes.length);
      const notes = sandbox().snapshot().exceptionNotes;
      expect(Object.values(notes).flat()).toEqual([]);

      const second = await engine.planRevert(summary.runId);
      expect(second.revert?.changes).toEqual([]);
      expect(new Set(second.revert?.skipped.map((s) => s.reason))).toEqual(
        new Set([`already undone by revert run ${first.runId}`]),
      );

      // A revert is not itself reverted: apply again to write what fluencyflow plans.
      await expect(engine.planRevert(first.runId)).rejects.toMatchObject({ code: 'FF_RUN_NOT_REVERTIBLE' });

      const [session] = engine.sessions();
      if (!session) throw new Error('no session');
      const ev = await engine.evaluate();
      const [outcome] = await session.revert([note], ev.readOptions);
      expect(outcome?.error?.message).toBeUndefined();
      expect(outcome?.outcome).toBe('noop');
    } finally {
      await engine.close();
    }
  });
});
