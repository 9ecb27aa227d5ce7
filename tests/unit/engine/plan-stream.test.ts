import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleConfig } from '../../../bench/scale/config.js';
import { parseLine, SCALE_AS_OF, snapshotPages, writeSnapshot } from '../../../bench/scale/snapshot.js';
import type { Change } from '../../../schemas/index.js';
import type { ConnectorSession, EmployeeRecord } from '../../../src/connector.js';
import { noEvidence, type EmployeeEvidence } from '../../../src/core/index.js';
import { FluencyError } from '../../../src/errors.js';
import { employeeKey, evaluateOrg } from '../../../src/engine/evaluate-org.js';
import { planStream, type RecordWithEvidence } from '../../../src/engine/plan-stream.js';

const unused = (): never => {
  throw new Error('not used by a plan');
};

/** A session that yields the given records in one page and writes nothing. */
const sessionOf = (records: EmployeeRecord[]): ConnectorSession => ({
  id: 'hr',
  type: 'snapshot',
  maxBatchSize: 1,
  goalRemoval: 'delete',
  check: unused,
  discover: unused,
  resolveValues: async () => [],
  readEmployees: async function* () {
    yield records;
  },
  apply: unused,
  revert: unused,
  warnings: () => [],
  close: async () => {},
});

async function* pagesOf<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe('planStream: the plan of an organisation too large to hold, one page at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-plan-stream-'));
  const lines: RecordWithEvidence[] = [];

  beforeAll(async () => {
    // Two synthetic organisations' worth, so the snapshot repeats one under new ids.
    writeSnapshot(join(dir, 'snapshot.ndjson'), 5600);
    for await (const page of snapshotPages(join(dir, 'snapshot.ndjson'), 700))
      for (const line of page) {
        const { employee, current, evidence } = parseLine(line);
        lines.push({ record: { employee, current }, evidence });
      }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes the plan evaluateOrg makes: same changes in the same order, counts, fingerprint, policy hash', async () => {
    const config = scaleConfig();
    const byKey = new Map<string, EmployeeEvidence>(
      lines.map(({ record, evidence }) => [employeeKey(record.employee.connector, record.employee.id), evidence]),
    );
    const whole = await evaluateOrg({
      config,
      sessions: [sessionOf(lines.map((l) => l.record))],
      asOf: SCALE_AS_OF,
      loadEvidence: async () => ({ bundleFor: (k) => byKey.get(k) ?? noEvidence, issues: [], counts: {} }),
    });
    const written: Change[] = [];
    let pages = 0;
    const head = await planStream({
      config,
      asOf: SCALE_AS_OF,
      pages: pagesOf(lines, 500),
      write: async (changes) => {
        pages++;
        written.push(...changes);
      },
    });
    expect(lines).toHaveLength(5600);
    expect(pages).toBe(Math.ceil(5600 / 500));
    // Every kind is planned, so the comparison covers goals, flags and notes.
    for (const kind of ['goal', 'eligibility', 'exception-note'])
      expect(written.some((c) => c.kind === kind)).toBe(true);
    expect(written).toEqual(whole.plan.changes);
    expect(head.summary).toEqual(whole.plan.summary);
    expect(head.fingerprint).toBe(whole.plan.fingerprint);
    expect(head.policyHash).toBe(whole.plan.policyHash);
    expect(head).toMatchObject({ organization: 'Scale Corp', asOf: SCALE_AS_OF, cycle: 'FY2027' });
  });

  it('refuses employees out of plan order (a streamed plan cannot sort afterwards)', async () => {
    const swapped = [...lines.slice(0, 50)].reverse();
    const pages = pagesOf(swapped, 10);
    const err = await planStream({ config: scaleConfig(), asOf: SCALE_AS_OF, pages, write: async () => {} }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FluencyError);
    expect(err).toMatchObject({ code: 'FF_USAGE' });
    expect(String(err)).toContain('must arrive in plan order');
  });
});
