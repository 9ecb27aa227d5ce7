/**
 * One connector's read for a plan (DESIGN §9, reads): by delta against the last complete read when the connector
 * supports it and the cache still fits, else everything. The merged records are what a full read would have given.
 */
import { DateTime } from 'luxon';
import type { Config } from '../../schemas/index.js';
import type { ConnectorSession, EmployeeRecord, ReadOptions } from '../connector.js';
import { sha256, stableStringify } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { ReadCache } from '../state/read-cache.js';

export interface ConnectorRead {
  records: EmployeeRecord[];
  mode: 'full' | 'delta';
  /** Why a full read (`no cached read`, `config changed`...), or what the delta read (`12 changed, 0 removed`). */
  reason: string;
}

export interface ReadByDeltaInput {
  session: ConnectorSession;
  options: ReadOptions;
  config: Config;
  cache: ReadCache | null;
  /** The engine's clock, ISO (when the last full read is older than `reads.fullEvery` days, read everything). */
  now: string;
  /** Employees read whole whatever the delta says (open audit intents). */
  include: readonly string[];
  logger: Logger;
  onPage?: (read: number) => void;
}

/** What a cached read depends on besides the HRIS: the connector's config section and what a goal candidate is. */
const readConfigHash = (config: Config, connectorId: string, options: ReadOptions): string =>
  sha256(
    stableStringify({
      connector: config.connectors.find((c) => c.id === connectorId) ?? null,
      cycle: options.cycle,
      goal: options.goal,
    }),
  );

type Decision =
  | { delta: true; since: string; previousAsOf: string; cached: EmployeeRecord[]; fullAt: string }
  | { delta: false; reason: string };

const decide = (input: ReadByDeltaInput, hash: string): Decision => {
  const { session, cache, config, options } = input;
  if (!session.readDelta || !session.readWatermark) return { delta: false, reason: 'the connector reads no deltas' };
  if (cache === null) return { delta: false, reason: 'no state store' };
  if (config.reads.fullEvery === 0) return { delta: false, reason: 'reads.fullEvery is 0' };
  const cached = cache.load(session.id);
  if (cached === null) return { delta: false, reason: 'no cached read' };
  if (cached.configHash !== hash) return { delta: false, reason: 'the connector config or the goal changed' };
  if (options.asOf < cached.asOf)
    return { delta: false, reason: `as of ${options.asOf}, before the cached ${cached.asOf}` };
  const age = DateTime.fromISO(input.now).diff(DateTime.fromISO(cached.fullAt), 'days').days;
  if (!(age < config.reads.fullEvery))
    return { delta: false, reason: `the last full read is older than ${config.reads.fullEvery} days` };
  return {
    delta: true,
    since: cached.watermark,
    previousAsOf: cached.asOf,
    cached: cached.records,
    fullAt: cached.fullAt,
  };
};

const readAll = async (input: ReadByDeltaInput): Promise<EmployeeRecord[]> => {
  const out: EmployeeRecord[] = [];
  for await (const page of input.session.readEmployees(input.options)) {
    out.push(...page);
    input.onPage?.(out.length);
  }
  return out;
};

export const readByDelta = async (input: ReadByDeltaInput): Promise<ConnectorRead> => {
  const { session, cache, options } = input;
  const hash = readConfigHash(input.config, session.id, options);
  const d = decide(input, hash);
  if (d.delta && session.readDelta) {
    const cached = new Map(d.cached.map((r) => [r.employee.id, r]));
    const request = { previousAsOf: d.previousAsOf, include: input.include, cached };
    const delta = await session.readDelta({ ...options, changedSince: d.since }, request);
    if (delta !== null) {
      const merged = new Map(cached);
      for (const id of delta.removed) merged.delete(id);
      for (const r of delta.records) merged.set(r.employee.id, r);
      const meta = { configHash: hash, asOf: options.asOf, watermark: delta.watermark, fullAt: d.fullAt };
      cache?.storeDelta(session.id, meta, delta.records, delta.removed);
      const reason = `${delta.records.length} changed, ${delta.removed.length} removed since ${d.since}`;
      input.logger.info(`${session.id}: read by delta (${reason})`);
      input.onPage?.(merged.size);
      return { records: [...merged.values()], mode: 'delta', reason };
    }
    return full(input, hash, `the HRIS cannot answer changes since ${d.since}`);
  }
  return full(input, hash, d.delta ? 'the connector reads no deltas' : d.reason);
};

const full = async (input: ReadByDeltaInput, hash: string, reason: string): Promise<ConnectorRead> => {
  const { session, cache, options } = input;
  const records = await readAll(input);
  const watermark = session.readWatermark?.() ?? null;
  if (cache !== null && watermark !== null)
    cache.storeFull(session.id, { configHash: hash, asOf: options.asOf, watermark, fullAt: input.now }, records);
  else cache?.forget(session.id);
  if (session.readDelta) input.logger.info(`${session.id}: read everyone (${reason})`);
  return { records, mode: 'full', reason };
};
