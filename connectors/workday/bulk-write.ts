/**
 * Custom objects written 100 at a time: `POST /customObjects/{alias}?bulk=true&updateIfExists=true` takes an
 * array of at most 100 instances, each naming the worker it extends (customObject/v2): the eligibility flags here,
 * the exception notes in note-write.ts (with a Reference ID on their object). A
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

/** One instance of a bulk call and the change it carries (its outcome's key). */
export interface BulkItem {
  key: string;
  instance: Record<string, unknown>;
}

/**
 * One `bulk=true` call of at most 100 instances: the outcome of each item by its key. A refused call that names the
 * items at fault fails those with that message and sends the others once more without them; any other failure fails
 * them all. `idempotent` false: a call whose answer is lost is not sent again (a write not yet known to be an upsert).
 */
export const sendBulk = async (
  deps: Pick<BulkWriteDeps, 'config' | 'client'>,
  alias: string,
  items: readonly BulkItem[],
  options: { idempotent: boolean } = { idempotent: true },
): Promise<Map<string, ChangeOutcome>> => {
  const { config, client } = deps;
  const outcomes = new Map<string, ChangeOutcome>();
  let pending = items;
  for (let sends = 1; pending.length > 0; sends++) {
    try {
      await client.writeCustomObjects(
        alias,
        pending.map((p) => p.instance),
        options,
      );
      for (const { key } of pending) outcomes.set(key, { key, outcome: 'applied' });
      break;
    } catch (e) {
      const error = asError(e, config.id);
      const faulty = sends === 1 ? faultyItems(error, pending.length) : null;
      if (faulty === null) {
        for (const { key } of pending) outcomes.set(key, { key, outcome: 'failed', error });
        break;
      }
      pending.forEach(({ key }, i) => {
        if (!faulty.has(i)) return;
        const path = error.where
          ?.split(' ')
          .filter((w) => w.startsWith(`[${i}]`))
          .join(' ');
        const itemError = new RejectedError(error.message, { connector: config.id, status: error.status, where: path });
        outcomes.set(key, { key, outcome: 'failed', error: itemError });
      });
      pending = pending.filter((_, i) => !faulty.has(i));
    }
  }
  return outcomes;
};

/** The outcome of a change no worker was found for. */
export const noWorker = (config: WorkdayConfig, key: string, employeeId: string): ChangeOutcome => ({
  key,
  outcome: 'failed',
  error: new NotFoundError(`no Workday worker with Employee_ID ${employeeId}`, { connector: config.id }),
});

/** One outcome per key, in order; a key without one was not attempted. */
export const inOrder = (
  config: WorkdayConfig,
  keys: readonly string[],
  outcomes: ReadonlyMap<string, ChangeOutcome>,
): ChangeOutcome[] =>
  keys.map(
    (key) =>
      outcomes.get(key) ?? {
        key,
        outcome: 'failed',
        error: new ProviderError('the change was not attempted', { connector: config.id }),
      },
  );

/** One batch of at most 100 flags; `wids` maps employee ids to worker WIDs. One outcome per change, in order. */
export const writeEligibilityBatch = async (
  deps: BulkWriteDeps,
  changes: readonly EligibilityChange[],
  wids: ReadonlyMap<string, string>,
): Promise<ChangeOutcome[]> => {
  const { config, values } = deps;
  const outcomes = new Map<string, ChangeOutcome>();
  const items: BulkItem[] = [];
  for (const change of changes) {
    const wid = wids.get(change.employeeId);
    if (wid === undefined) {
      outcomes.set(change.key, noWorker(config, change.key, change.employeeId));
      continue;
    }
    items.push({
      key: change.key,
      instance: {
        worker: { id: wid },
        [config.fields.eligible]: values.eligibilityRestValue(change.after.value),
        [config.fields.reason]: change.after.reason,
      },
    });
  }
  for (const [key, o] of await sendBulk(deps, config.customObject, items)) outcomes.set(key, o);
  return inOrder(
    config,
    changes.map((c) => c.key),
    outcomes,
  );
};
