import { describe, expect, it } from 'vitest';
import type { CertificationRecord } from '../../../schemas/index.js';
import { evidenceSignalsOf } from '../../../src/evidence/evidence-signals.js';
import { keyBursts } from '../../../src/evidence/load.js';
import { buildMetrics } from '../../../src/report/build-metrics.js';
import { input, ORG } from '../report/org-fixture.js';

const at = (minutes: number) => new Date(Date.UTC(2027, 0, 5, 9, 0) + minutes * 60_000).toISOString();

describe('one issuer key signing many credentials in a short time', () => {
  it('flags every credential inside a window that reaches the threshold, per key, and nothing else', () => {
    const rows = [
      ...[0, 10, 20, 30, 59].map((m) => ({ keyId: 'k1', issuedAt: at(m) })),
      ...[0, 61, 200].map((m) => ({ keyId: 'k2', issuedAt: at(m) })),
      ...[300, 400].map((m) => ({ keyId: 'k1', issuedAt: at(m) })),
    ].sort((a, b) => a.keyId.localeCompare(b.keyId) || a.issuedAt.localeCompare(b.issuedAt));
    const flagged = keyBursts(rows, { credentials: 5, minutes: 60 });
    expect([...flagged].map((k) => k.split('\u0000')[1]).sort()).toEqual([0, 10, 20, 30, 59].map(at));
    expect(keyBursts(rows, { credentials: 6, minutes: 60 }).size).toBe(0);
    expect(keyBursts(rows, { credentials: 2, minutes: 61 }).size).toBe(7);
  });
});

const cert = (over: Partial<CertificationRecord>): CertificationRecord => ({
  employee: 'x',
  issuer: 'academy',
  credential: 'ai',
  issuedOn: '2027-01-05',
  expiresOn: null,
  verificationUrl: null,
  revoked: false,
  source: 'export/a.jwt:1',
  ...over,
});
const usage = { days: [], events: [], minutes: [] };

describe('evidence signals of one employee, and their counts by department on the dashboard', () => {
  it('counts outcomes, a counting credential issued on an enrolment day and a key burst; a withheld one never signals', () => {
    const s = evidenceSignalsOf({
      certifications: [
        cert({ check: { outcome: 'verified', detail: '', counts: true, signals: ['key-burst'] } }),
        cert({
          issuedOn: '2027-02-01',
          revoked: true,
          check: { outcome: 'forged', detail: '', counts: false, signals: ['key-burst'] },
        }),
      ],
      enrolments: [{ level: 'practitioner', enrolledOn: '2027-01-05' }],
      usage,
    });
    expect(s).toEqual({ outcomes: { verified: 1, forged: 1 }, sameDayAsEnrolment: true, keyBurst: true });
    const later = evidenceSignalsOf({
      certifications: [cert({ check: { outcome: 'forged', detail: '', counts: false, signals: ['key-burst'] } })],
      enrolments: [{ level: 'x', enrolledOn: '2027-01-05' }],
      usage,
    });
    expect(later).toEqual({ outcomes: { forged: 1 }, sameDayAsEnrolment: false, keyBurst: false });
  });

  it('shows outcome counts and the new signals per department, never per person', () => {
    const evidence = new Map(
      ORG.map((e, i) => [
        `${e.connector}:${e.employeeId}`,
        {
          outcomes: i % 3 === 0 ? { verified: 2, forged: 1 } : { revoked: 1 },
          sameDayAsEnrolment: e.employeeId === 'S3',
          keyBurst: e.employeeId.startsWith('F'),
        },
      ]),
    );
    const m = buildMetrics(input({ evidence }));
    const outcomes = m.tables.find((t) => t.id === 'credential-outcomes-by-department');
    const eng = outcomes?.rows.find((r) => r.group === 'Engineering')?.values;
    // Engineering's judged employees are ORG[0..7]: indexes 0, 3, 6 verified twice and forged once, the others revoked
    // once.
    expect(eng).toMatchObject({ employees: 8, verified: 6, forged: 3, revoked: 5, unverifiable: 0 });
    const signals = m.tables.find((t) => t.id === 'signals-by-department');
    expect(signals?.rows.find((r) => r.group === 'Sales')?.values).toMatchObject({ sameDay: 1, keyBurst: 0 });
    expect(signals?.rows.find((r) => r.group === 'Finance')?.values).toMatchObject({ sameDay: 0, keyBurst: 6 });
    expect(JSON.stringify(m)).not.toContain('Person S3');
    expect(buildMetrics(input()).tables.some((t) => t.id === 'credential-outcomes-by-department')).toBe(false);
  });
});
