import { describe, expect, it } from 'vitest';
import type { EmployeeRecord } from '../../../src/connector.js';
import { ReadCache } from '../../../src/state/read-cache.js';
import { openDatabase } from '../../../src/state/store.js';
import { employeeWith } from '../../helpers/employee.js';

const record = (id: string, grade: string): EmployeeRecord => ({
  employee: employeeWith({ connector: 'c1', id, email: `${id}@example.com`, firstName: 'A', lastName: id, grade }),
  current: { goals: [], eligibility: { value: 'eligible', reason: 'r', changedBy: 'hr' }, exceptionNotes: [] },
});
const meta = {
  configHash: 'h1',
  asOf: '2027-06-30',
  watermark: '2027-06-30T10:00:00Z',
  fullAt: '2027-06-30T10:00:00Z',
};

describe('the read cache', () => {
  it('keeps a full read and merges a delta: changed records replace theirs, removed ones go, the watermark moves', () => {
    const cache = new ReadCache(openDatabase(':memory:'), () => '2027-07-01T00:00:00Z');
    cache.storeFull('c1', meta, [record('2', 'G2'), record('1', 'G1'), record('3', 'G3')]);
    expect(cache.load('c1')?.records).toEqual([record('1', 'G1'), record('2', 'G2'), record('3', 'G3')]);
    cache.storeDelta(
      'c1',
      { ...meta, asOf: '2027-07-01', watermark: '2027-07-01T09:00:00Z' },
      [record('2', 'G5'), record('4', 'G1')],
      ['3'],
    );
    const loaded = cache.load('c1');
    expect(loaded?.records.map((r) => `${r.employee.id}:${r.employee.grade ?? ''}`)).toEqual(['1:G1', '2:G5', '4:G1']);
    expect(loaded).toMatchObject({
      asOf: '2027-07-01',
      watermark: '2027-07-01T09:00:00Z',
      fullAt: meta.fullAt,
      configHash: 'h1',
    });
    expect(cache.load('other')).toBeNull();
  });

  it('treats a record that no longer parses as no cache (the next plan reads everyone)', () => {
    const db = openDatabase(':memory:');
    const cache = new ReadCache(db, () => '2027-07-01T00:00:00Z');
    cache.storeFull('c1', meta, [record('1', 'G1')]);
    db.prepare('UPDATE read_cache_records SET record = \'{"employee":{"id":1}}\'').run();
    expect(cache.load('c1')).toBeNull();
    cache.forget('c1');
    expect(db.prepare('SELECT count(*) AS n FROM read_cache_records').get()).toEqual({ n: 0 });
  });
});
