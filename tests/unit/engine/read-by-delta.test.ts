import { describe, expect, it } from 'vitest';
import { config as configSchema } from '../../../schemas/index.js';
import type { ConnectorSession, DeltaRead, DeltaRequest, EmployeeRecord, ReadOptions } from '../../../src/connector.js';
import { readByDelta } from '../../../src/engine/read-by-delta.js';
import { memoryLogger } from '../../../src/logger.js';
import { ReadCache } from '../../../src/state/read-cache.js';
import { openDatabase } from '../../../src/state/store.js';
import { baseConfigInput } from '../../helpers/config.js';
import { employeeWith } from '../../helpers/employee.js';

const record = (id: string, grade: string): EmployeeRecord => ({
  employee: employeeWith({ connector: 'c1', id, grade }),
  current: { goals: [], eligibility: null, exceptionNotes: [] },
});
const options: ReadOptions = {
  asOf: '2027-06-30',
  cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
  goal: { cycleId: 'FY2027', title: 'T', markerPrefix: '[ff:', referenceIdPrefix: 'ff-' },
};
const config = configSchema.parse({
  ...baseConfigInput(),
  connectors: [{ type: 'bamboohr', id: 'c1', companyDomain: 'x', auth: { apiKey: { env: 'K' } } }],
});

/** A session over an in-memory HRIS: full reads page it, delta reads answer what the test says changed. */
const fakeSession = (
  hris: Map<string, EmployeeRecord>,
  o: { delta?: (request: DeltaRequest) => DeltaRead | null } = {},
) => {
  const seen: { fullReads: number; requests: DeltaRequest[] } = { fullReads: 0, requests: [] };
  const session: ConnectorSession = {
    id: 'c1',
    type: 'fake',
    maxBatchSize: 1,
    goalRemoval: 'delete',
    check: async () => [],
    discover: async () => ({
      grades: [],
      gradesOrdered: false,
      goalPlans: [],
      goalCategories: [],
      customFields: [],
      values: [],
    }),
    resolveValues: async () => [],
    readEmployees: async function* () {
      seen.fullReads++;
      yield [...hris.values()];
    },
    apply: async () => [],
    revert: async () => [],
    warnings: () => [],
    close: async () => {},
    ...(o.delta
      ? {
          readWatermark: () => '2027-06-30T10:00:00Z',
          readDelta: async (_options: ReadOptions, request: DeltaRequest) => {
            seen.requests.push(request);
            return o.delta?.(request) ?? null;
          },
        }
      : {}),
  };
  return { session, seen };
};

describe('readByDelta', () => {
  const run = (session: ConnectorSession, cache: ReadCache, include: string[] = []) =>
    readByDelta({ session, options, config, cache, now: '2027-06-30T12:00:00Z', include, logger: memoryLogger() });

  it('asks the delta for the employees with open intents, and merges what it answers into the cached read', async () => {
    const hris = new Map([
      ['1', record('1', 'G1')],
      ['2', record('2', 'G2')],
    ]);
    const { session, seen } = fakeSession(hris, {
      delta: (r) => ({
        records: r.include.map((id) => record(id, 'G9')),
        removed: ['2'],
        watermark: '2027-06-30T11:00:00Z',
      }),
    });
    const cache = new ReadCache(openDatabase(':memory:'), () => 'now');
    expect((await run(session, cache)).mode).toBe('full');
    const merged = await run(session, cache, ['1']);
    const cached = new Map([
      ['1', record('1', 'G1')],
      ['2', record('2', 'G2')],
    ]);
    expect(seen.requests).toEqual([{ previousAsOf: '2027-06-30', include: ['1'], cached }]);
    expect(merged).toMatchObject({ mode: 'delta', records: [record('1', 'G9')] });
    expect(cache.load('c1')?.watermark).toBe('2027-06-30T11:00:00Z');
  });

  it('reads everyone when the connector cannot answer the delta, and never caches for a connector without deltas', async () => {
    const hris = new Map([['1', record('1', 'G1')]]);
    const unable = fakeSession(hris, { delta: () => null });
    const cache = new ReadCache(openDatabase(':memory:'), () => 'now');
    await run(unable.session, cache);
    const second = await run(unable.session, cache);
    expect(second.mode).toBe('full');
    expect(second.reason).toMatch(/cannot answer changes since/);
    expect(unable.seen.fullReads).toBe(2);
    const plain = fakeSession(hris);
    const other = new ReadCache(openDatabase(':memory:'), () => 'now');
    expect((await run(plain.session, other)).reason).toBe('the connector reads no deltas');
    expect(other.load('c1')).toBeNull();
  });
});
