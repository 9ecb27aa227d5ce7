import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { FAULTS, matrixOrg, referenceState, runCell } from '../helpers/fault-matrix.js';

/**
 * A tenant limit of 20 requests a second (a token bucket, Retry-After when it is empty) must neither stop nor fail
 * a run on any connector: the adaptive limiter keeps under it and waits out Retry-After, so the faulty run of the
 * fault matrix's rate-limit cell applies everything at the first go.
 */
const org = matrixOrg(40);
const bucket = FAULTS.find((f) => f.name.startsWith('rate limit (token bucket'));

describe('fault matrix: the token-bucket rate limit on every connector', () => {
  it.each(Object.keys(connectors))('%s: the first run applies everything', { timeout: 600_000 }, async (type) => {
    expect(bucket, 'the fault matrix has the token-bucket case').toBeDefined();
    if (bucket === undefined) return;
    const reference = await referenceState(type, org);
    const result = await runCell(bucket, type, org, reference);
    expect(result, 'the cell ran').not.toBeNull();
    // "N applied, 0 not", with nothing after it: neither stopped nor failed, and the clean run had nothing left.
    const applied = /^(\d+) applied, 0 not$/.exec(result?.firstRun ?? '');
    expect(result?.firstRun).toMatch(/^\d+ applied, 0 not$/);
    expect(Number(applied?.[1] ?? 0)).toBeGreaterThan(0);
    expect({ lost: result?.lost, duplicates: result?.duplicates, unaudited: result?.unaudited }).toEqual({
      lost: 0,
      duplicates: 0,
      unaudited: 0,
    });
  });
});
