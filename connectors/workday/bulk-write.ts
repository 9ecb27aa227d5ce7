/**
 * Eligibility flags written 100 at a time: `POST /customObjects/{alias}?bulk=true&updateIfExists=true` takes an
 * array of at most 100 single-instance custom objects, each naming the worker it extends (customObject/v2). A
 * call Workday refuses names the items at fault in its validation errors (`path` `[3].eligible`): those changes
 * fail with that message, and the others are sent once more without them (a set-style write, safe to resend).
 */
import type { ChangeOutcome } from '../../src/connector.js';
import type { EligibilityChange } from '../../schemas/index.js';
import { FluencyError, NotFoundError, ProviderError, RejectedError } from '../../src/errors.js';
import type { WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import type { WorkdayValues } from './values.js';

export interface BulkWriteDeps {
  config: WorkdayConfig;
  client: WorkdayClient;
  values: WorkdayValues;
}

const asError = (e: unknown, connector: string): FluencyError =>
  e instanceof FluencyError
    ? e
    : new ProviderError(e instanceof Error ? e.message : 'unexpected failure', { connector });

/** The item indexes a refused bulk call names (`[3].eligible [7].worker`), or null when it names none. */
const faultyItems = (e: FluencyError, size: number): Set<number> | null => {
  if (e.code !== 'FF_REJECTED' || e.where === undefined) return null;
  const indexes = [...e.where.matchAll(/(?:^|\s)\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (indexes.length === 0 || indexes.some((i) => i >= size)) return null;
  return new Set(indexes);
};

/** One batch of at most 100 flags; `wids` maps employee ids to worker WIDs. One outcome per change, in order. */
export const writeEligibilityBatch = async (
  deps: BulkWriteDeps,
  changes: readonly EligibilityChange[],
  wids: ReadonlyMap<string, string>,
): Promise<ChangeOutcome[]> => {
  const { config, client, values } = deps;
  const outcomes = new Map<string, ChangeOutcome>();
  const items: { change: EligibilityChange; instance: Record<string, unknown> }[] = [];
  for (const change of changes) {
    const wid = wids.get(change.employeeId);
    if (wid === undefined) {
      const text = `no Workday worker with Employee_ID ${change.employeeId}`;
      const error = new NotFoundError(text, { connector: config.id });
      outcomes.set(change.key, { key: change.key, outcome: 'failed', error });
      continue;
    }
    items.push({
      change,
      instance: {
        worker: { id: wid },
        [config.fields.eligible]: values.eligibilityRestValue(change.after.value),
        [config.fields.reason]: change.after.reason,
      },
    });
  }
  let pending = items;
  for (let sends = 1; pending.length > 0; sends++) {
    try {
      await client.writeCustomObjects(
        config.customObject,
        pending.map((p) => p.instance),
      );
      for (const { change } of pending) outcomes.set(change.key, { key: change.key, outcome: 'applied' });
      break;
    } catch (e) {
      const error = asError(e, config.id);
      const faulty = sends === 1 ? faultyItems(error, pending.length) : null;
      if (faulty === null) {
        for (const { change } of pending) outcomes.set(change.key, { key: change.key, outcome: 'failed', error });
        break;
      }
      pending.forEach(({ change }, i) => {
        if (!faulty.has(i)) return;
        const path = error.where
          ?.split(' ')
          .filter((w) => w.startsWith(`[${i}]`))
          .join(' ');
        const itemError = new RejectedError(error.message, { connector: config.id, status: error.status, where: path });
        outcomes.set(change.key, { key: change.key, outcome: 'failed', error: itemError });
      });
      pending = pending.filter((_, i) => !faulty.has(i));
    }
  }
  return changes.map(
    (c) =>
      outcomes.get(c.key) ?? {
        key: c.key,
        outcome: 'failed',
        error: new ProviderError('the change was not attempted', { connector: config.id }),
      },
  );
};
