/**
 * BambooHR has no batch write: apply and revert both write one change at a time. A change that throws becomes a
 * `failed` outcome (with the request id of the call that failed, if any); the rest of the batch still runs.
 */
import type { ChangeOutcome } from '../../src/connector.js';
import type { FluencyError } from '../../src/errors.js';

export type Written = Omit<ChangeOutcome, 'key'>;

export const eachChange = async <C extends { key: string; kind: string }>(
  changes: C[],
  write: (change: C) => Promise<Written>,
  /** The connector's translator; `where` names what failed (`apply goal`, `revert flag`, …). */
  toError: (e: unknown, where: string) => FluencyError,
  verb: 'apply' | 'revert',
): Promise<ChangeOutcome[]> => {
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) {
    try {
      outcomes.push({ key: change.key, ...(await write(change)) });
    } catch (e) {
      const error = toError(e, `${verb} ${change.kind}`);
      outcomes.push({
        key: change.key,
        outcome: 'failed',
        error,
        ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
      });
    }
  }
  return outcomes;
};
