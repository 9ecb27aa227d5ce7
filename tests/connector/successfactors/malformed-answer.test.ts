import { describe, expect, it } from 'vitest';
import { startSuccessFactorsSandbox } from '../../../connectors/successfactors/sandbox/index.js';
import { FluencyError } from '../../../src/errors.js';
import { engineFor } from '../../helpers/engine.js';
import { matrixOrg } from '../../helpers/fault-matrix.js';

/**
 * A SuccessFactors answer cut in half (a complete 200 with half a JSON body; found by the fault matrix) stops the
 * read with FF_UNEXPECTED_RESPONSE naming the call, not with a raw schema dump under FF_INTERNAL.
 */
describe('SuccessFactors: a malformed answer', () => {
  it.each([1, 4, 9])(
    'read number %i malformed: FF_UNEXPECTED_RESPONSE naming the call',
    { timeout: 600_000 },
    async (after) => {
      const org = matrixOrg(20);
      const sandbox = await startSuccessFactorsSandbox({
        org,
        port: 0,
        quirks: { faults: [{ kind: 'malformed', on: 'read', after, times: 1 }] },
      });
      try {
        const engine = engineFor(sandbox, org);
        const error: unknown = await engine.plan().then(
          () => null,
          (e: unknown) => e,
        );
        await engine.close();
        expect(error).toBeInstanceOf(FluencyError);
        expect(error instanceof FluencyError ? [error.code, error.message.length < 400] : null).toEqual([
          'FF_UNEXPECTED_RESPONSE',
          true,
        ]);
        expect(error instanceof Error ? error.message : '').toMatch(/SuccessFactors .*(GET|POST) \S+/);
      } finally {
        await sandbox.close();
      }
    },
  );
});
