import { describe, expect, it } from 'vitest';
import { FAULTS, matrixOrg, referenceState, runCell } from '../../helpers/fault-matrix.js';

/**
 * Every fault of the catalogue on the CSV drop (the representative matrix gives it only some): each means something
 * for a folder and an importer (put off, refused, imported twice, an export cut short or malformed; see the
 * sandbox's faults.ts), and none may lose, duplicate or leave unaudited a write.
 */
const org = matrixOrg(30, 8);
const cells = FAULTS.filter((f) => f.quirks('csv-drop') !== null).map((f) => [f.name, f] as const);

describe('fault catalogue on csv-drop', () => {
  let reference: ReturnType<typeof referenceState> | undefined;
  it.each(cells)('%s: 0 lost, 0 duplicated, 0 unaudited', { timeout: 600_000 }, async (_name, fault) => {
    reference ??= referenceState('csv-drop', org);
    const result = await runCell(fault, 'csv-drop', org, await reference);
    expect({
      lost: result?.lost,
      duplicates: result?.duplicates,
      unaudited: result?.unaudited,
      audit: result?.auditProblem,
    }).toEqual({
      lost: 0,
      duplicates: 0,
      unaudited: 0,
      audit: null,
    });
  });
});
