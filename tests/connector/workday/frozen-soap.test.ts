import { describe, expect, it } from 'vitest';
import { startWorkdaySandbox } from '../../../connectors/workday/sandbox/index.js';
import { matrixOrg } from '../../helpers/fault-matrix.js';
import { engineFor } from '../../helpers/engine.js';

/**
 * A Workday that stops answering its SOAP writes mid-apply (found by the fault matrix): the SOAP calls count towards
 * the circuit breaker like the REST ones, so the run stops after `breakerThreshold` hung writes, marks only those
 * (and the few in flight beside them) unknown and leaves the rest not attempted, instead of letting every later write
 * time out on its own.
 */
describe('Workday SOAP writes and the circuit breaker', () => {
  it('a frozen Workday stops the apply after the threshold of hung SOAP writes', { timeout: 600_000 }, async () => {
    const org = matrixOrg(40);
    const sandbox = await startWorkdaySandbox({
      org,
      port: 0,
      quirks: { faults: [{ kind: 'frozen', on: 'write', after: 12 }] },
    });
    try {
      // Far above what a loopback answer needs on a loaded machine; the breaker opens after three.
      const engine = engineFor(sandbox, org, { http: { timeoutMs: 4000, breakerThreshold: 3 } });
      const { result } = await engine.apply();
      await engine.close();
      expect(result.stopped.map((e) => e.code)).toEqual(['FF_HRIS_UNAVAILABLE']);
      // The three that opened the circuit and the few already in flight beside them; before, every later write hung.
      expect(result.unknown).toBeGreaterThanOrEqual(3);
      expect(result.unknown).toBeLessThan(10);
      expect(result.notAttempted).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  });
});
