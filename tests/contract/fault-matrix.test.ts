import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { FAULTS, matrixOrg, referenceState, runCell } from '../helpers/fault-matrix.js';

/**
 * The representative fault matrix (issue 12; `npm run soak` runs every cell, several times): every fault of the
 * catalogue on at least one connector, each connector seeing several, by turns. Each cell: `apply` with the fault
 * switched on, then a clean `apply`; nothing lost, nothing duplicated, nothing written without an audited intent and
 * outcome, the audit chain whole, the HRIS as an uninterrupted run leaves it.
 */
const types = Object.keys(connectors);
const org = matrixOrg(40);
const references = new Map<string, ReturnType<typeof referenceState>>();
const referenceOf = (type: string) => {
  const known = references.get(type) ?? referenceState(type, org);
  references.set(type, known);
  return known;
};

const cells = FAULTS.flatMap((fault, i) => {
  // By turns, skipping a connector whose protocol has no such fault (BambooHR has no tokens to expire).
  const order = types.map((_, k) => types[(i + k) % types.length] ?? '');
  const type = order.find((t) => fault.quirks(t) !== null);
  return type === undefined ? [] : [{ fault, type }];
});

describe('fault matrix (representative)', () => {
  it('covers every fault kind and gives each connector several', () => {
    expect(new Set(cells.map((c) => c.fault.name)).size).toBe(FAULTS.length);
    for (const t of types) expect(cells.filter((c) => c.type === t).length, t).toBeGreaterThanOrEqual(4);
  });

  const named = cells.map((c) => [c.fault.name, c.type, c] as const);
  it.each(named)('%s on %s: 0 lost, 0 duplicated, 0 unaudited', { timeout: 600_000 }, async (_n, type, { fault }) => {
    const reference = await referenceOf(type);
    const result = await runCell(fault, type, org, reference);
    expect(result, 'the cell ran').not.toBeNull();
    const counts = { lost: result?.lost, duplicates: result?.duplicates, unaudited: result?.unaudited };
    expect({ ...counts, audit: result?.auditProblem }).toEqual({
      lost: 0,
      duplicates: 0,
      unaudited: 0,
      audit: null,
    });
  });
});
