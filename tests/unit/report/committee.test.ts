import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommitteeRows } from '../../../src/report/committee/build-committee-rows.js';
import { writeCommitteeReport } from '../../../src/report/committee/write-committee-report.js';
import { evaluation } from './org-fixture.js';

const person = (
  id: string,
  months: number | null,
  flag: 'eligible' | 'not-eligible',
  over: Parameters<typeof evaluation>[1] = {},
) =>
  evaluation(
    {
      id,
      dept: 'Sales',
      grade: 'G6',
      held: 'practitioner',
      expected: 'practitioner',
      status: 'meets',
      goal: true,
      perWeek: 3,
    },
    {
      monthsInGrade: months,
      eligibility: {
        value: flag,
        reason: flag === 'eligible' ? 'AI fluency criterion met' : 'no expert credential',
        nextGrade: 'G7',
      },
      ...over,
    },
  );

describe('buildCommitteeRows', () => {
  const evaluations = [
    person('A', 18, 'not-eligible'), // in at the threshold
    person('B', 17, 'not-eligible'), // one month short, not eligible: out
    person('C', 15, 'eligible'), // eligible and within 3 months: in
    person('D', 14, 'eligible'), // eligible but 4 months short: out
    person('E', 30, 'eligible', { unjudged: 'inactive', status: null }), // not judged: out
    person('F', 40, 'not-eligible', {
      department: 'Engineering',
      displayName: '=cmd|calc',
      promotions: [
        {
          effectiveDate: '2026-05-01',
          fromGrade: 'G5',
          toGrade: 'G6',
          levelHeldThen: 'foundational',
          levelExpected: 'practitioner',
          met: false,
          missing: 'no practitioner credential',
        },
        {
          effectiveDate: '2024-05-01',
          fromGrade: 'G4',
          toGrade: 'G5',
          levelHeldThen: 'foundational',
          levelExpected: 'foundational',
          met: true,
          missing: '',
        },
      ],
    }),
    person('G', null, 'eligible'), // no grade history: out
  ];

  it('lists employees near promotion, sorted by department then name', () => {
    const rows = buildCommitteeRows({ evaluations, nearPromotionMonths: 18 });
    expect(rows.map((r) => r.employeeId)).toEqual(['F', 'A', 'C']);
    expect(rows[0]).toMatchObject({
      department: 'Engineering',
      grade: 'G6',
      nextGrade: 'G7',
      flag: 'not-eligible',
      monthsInGrade: 40,
    });
    // Only the promotion that missed the expectation becomes a note.
    expect(rows[0]?.exceptionNotes).toEqual([
      '2026-05-01: G5 to G6; level held then foundational, expected practitioner; missing: ' +
        'no practitioner credential. Exception: justification required.',
    ]);
  });

  it('filters by department (without case) and takes the eligible lead from options', () => {
    expect(
      buildCommitteeRows({ evaluations, nearPromotionMonths: 18, department: 'sales' }).map((r) => r.employeeId),
    ).toEqual(['A', 'C']);
    expect(
      buildCommitteeRows({ evaluations, nearPromotionMonths: 18, eligibleLeadMonths: 4 }).map((r) => r.employeeId),
    ).toEqual(['F', 'A', 'C', 'D']);
  });

  it('writes a formula-safe CSV and an escaped printable page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ff-committee-'));
    try {
      const rows = buildCommitteeRows({
        evaluations: [...evaluations, person('H', 20, 'eligible', { displayName: 'Lee <Jr> & "Co"' })],
        nearPromotionMonths: 18,
      });
      expect(
        await writeCommitteeReport({ dir, rows, organization: 'Org <x>', asOf: '2027-03-31', nearPromotionMonths: 18 }),
      ).toEqual(['committee.csv', 'committee.html']);
      const csv = await readFile(join(dir, 'committee.csv'), 'utf8');
      expect(csv.split('\r\n')[0]).toBe(
        'Connection,Employee id,Name,Department,Job title,Grade,Next grade,Months in ' +
          'grade,Flag,Reason,Exception notes,Changed by hand',
      );
      expect(csv).toContain(",'=cmd|calc,");
      expect(csv).toContain('"Lee <Jr> & ""Co"""');
      const html = await readFile(join(dir, 'committee.html'), 'utf8');
      expect(html).toContain('Lee &lt;Jr&gt; &amp; &quot;Co&quot;');
      expect(html).not.toContain('<Jr>');
      expect(html).toContain('Org &lt;x&gt;');
      expect(html).toContain('justification required');
      expect(html).toContain('@media print');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("shows a kept override beside the person's flag and lists every kept override, near promotion or not", async () => {
    const kept = (employeeId: string) => ({
      connector: 'us',
      employeeId,
      displayName: `Person ${employeeId}`,
      kind: 'eligibility' as const,
      handling: 'kept' as const,
      held: 'eligible: calibration <meeting>',
      lastWritten: 'not-eligible: no expert credential',
      planned: 'not-eligible: no expert credential',
      changedBy: 'hrbp.jane',
    });
    const overrides = [kept('A'), kept('B')];
    const rows = buildCommitteeRows({ evaluations, nearPromotionMonths: 18, overrides });
    expect(rows.find((r) => r.employeeId === 'A')?.manualOverride).toBe(
      'flag set by hand to eligible: calibration <meeting> by hrbp.jane (fluencyflow would write ' +
        'not-eligible: no expert credential); kept',
    );
    expect(rows.find((r) => r.employeeId === 'C')?.manualOverride).toBeNull();
    const dir = await mkdtemp(join(tmpdir(), 'ff-committee-'));
    try {
      await writeCommitteeReport({
        dir,
        rows,
        organization: 'Org',
        asOf: '2027-03-31',
        nearPromotionMonths: 18,
        overrides,
      });
      const html = await readFile(join(dir, 'committee.html'), 'utf8');
      expect(html).toContain('Changed by hand in the HRIS (2)');
      // B is not near promotion, yet its override is listed.
      expect(html).toContain('Person B (us · B): flag set by hand to eligible: calibration &lt;meeting&gt;');
      expect(await readFile(join(dir, 'committee.csv'), 'utf8')).toContain('flag set by hand to eligible');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
