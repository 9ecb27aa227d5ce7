import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as bamboo from '../../connectors/bamboohr/mapping.js';
import { wireGoal, wireTableRows } from '../../connectors/bamboohr/wire-schemas.js';
import * as sf from '../../connectors/successfactors/mapping.js';
import { empJobRow, exceptionRow, goalRow, userRow } from '../../connectors/successfactors/wire-schemas.js';
import { workdayConfigSchema } from '../../connectors/workday/config.js';
import * as wd from '../../connectors/workday/mapping.js';
import { jobProfileSchema, workerSchema } from '../../connectors/workday/wire-schemas.js';
import { currentGoal, employee, exceptionNote } from '../../schemas/index.js';

/**
 * Arbitrary and malformed payloads through each connector's wire schema and mapping: either the schema refuses
 * them (the client turns that into FF_RESPONSE_SHAPE naming the path) or the mapping gives a canonical record the
 * core accepts. Never an exception from the mapping, never a record the canonical schema would refuse.
 */
const RUNS = { numRuns: 300 };

const dateLike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 12000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('', '0000-00-00', '9999-12-31', '0999-12-31', '2027-02-30', '2027-06-30T25:00:00', 'yesterday'),
);
const sfDate = fc.oneof(
  fc.integer({ min: -1e15, max: 1e15 }).map((ms) => `/Date(${ms})/`),
  fc.constantFrom(
    '/Date(8640000000000001)/',
    '/Date(-62198755200000)/',
    '/Date(253402214400000+0000)/',
    '/Date(99999999999999999999)/',
    '/Date()/',
    'Date(0)',
  ),
  dateLike,
);
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\u001b[2J', '\u0000', '__proto__', 'constructor', ' ', 'NaN'),
  dateLike,
);
/** Any JSON value a drifted or hostile server might put where a field is expected. */
const anyValue = fc.oneof(
  { weight: 4, arbitrary: hostile },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(hostile, { maxLength: 2 }),
  fc.dictionary(hostile, hostile, { maxKeys: 2 }),
);
/** A record with the given keys, each either a typed value, anything, or missing. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([k, typed]) => [k, fc.oneof({ weight: 3, arbitrary: typed }, anyValue)]),
    ),
    { requiredKeys: [] },
  );

/** Parse, then map when the parse succeeds; the mapping must not throw and must satisfy `check`. */
const through = <S extends z.ZodType, R>(
  schema: S,
  value: unknown,
  map: (v: z.output<S>) => R,
  check: (r: R) => void,
): 'refused' | 'mapped' => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    expect(parsed.error.issues.length).toBeGreaterThan(0);
    return 'refused';
  }
  check(map(parsed.data));
  return 'mapped';
};
const valid = (schema: z.ZodType, what: string) => (r: unknown) => {
  const res = schema.safeParse(r);
  expect(res.success, `${what}: ${JSON.stringify(r)} ${res.success ? '' : JSON.stringify(res.error.issues)}`).toBe(
    true,
  );
};

/** Both outcomes must occur, or the generators test nothing. */
const tally = () => {
  const seen = { refused: 0, mapped: 0 };
  return { add: (o: 'refused' | 'mapped') => void seen[o]++, seen };
};

describe('BambooHR mapping (property-based)', () => {
  it('goals: a refused shape or a canonical goal with a real date and 0-100 progress', () => {
    const t = tally();
    fc.assert(
      fc.property(
        shaped({
          id: fc.oneof(fc.string({ minLength: 1 }), fc.nat()),
          title: fc.string(),
          description: fc.option(fc.string()),
          percentComplete: fc.oneof(fc.double(), fc.integer()),
          dueDate: dateLike,
          status: fc.constantFrom('in_progress', 'completed', 'closed'),
        }),
        (g) => t.add(through(wireGoal, g, bamboo.toCurrentGoal, valid(currentGoal, 'goal'))),
      ),
      RUNS,
    );
    expect(t.seen.refused).toBeGreaterThan(0);
    expect(t.seen.mapped).toBeGreaterThan(0);
  });

  it('report rows and table rows: employees, job history and exception notes the core accepts', () => {
    const row = fc.dictionary(
      fc.constantFrom(
        'id',
        'firstName',
        'lastName',
        'workEmail',
        'hireDate',
        'terminationDate',
        'status',
        'grade',
        'department',
        'employmentHistoryStatus',
        'supervisorEId',
      ),
      fc.oneof(hostile, fc.constant(undefined)),
    );
    const tableRow = shaped({
      id: fc.oneof(fc.string(), fc.nat()),
      employeeId: fc.oneof(fc.string(), fc.nat()),
      date: dateLike,
      customPromotionFrom: hostile,
      customPromotionTo: hostile,
      customNote: hostile,
      grade: hostile,
      jobTitle: hostile,
    });
    const t = tally();
    fc.assert(
      fc.property(row, fc.array(tableRow, { maxLength: 4 }), fc.string({ minLength: 1 }), (r, rows, id) => {
        t.add(
          through(
            wireTableRows,
            rows,
            (parsed) => {
              const history = bamboo.toJobHistory(parsed, { grade: 'grade', jobFamily: undefined }, '2027-06-30', null);
              return {
                e: bamboo.toEmployee(
                  'us',
                  { ...r, id },
                  { grade: 'grade', jobFamily: undefined },
                  history,
                  '2027-06-30',
                ),
                notes: bamboo.toExceptionNotes(parsed),
              };
            },
            ({ e, notes }) => {
              valid(employee, 'employee')(e);
              for (const n of notes) valid(exceptionNote, 'note')(n);
            },
          ),
        );
      }),
      RUNS,
    );
    expect(t.seen.mapped).toBeGreaterThan(0);
  });

  it('parseBambooDate gives null or a date in years 1000-9999, for any value', () => {
    fc.assert(
      fc.property(fc.oneof(dateLike, anyValue), (v) => {
        const d = bamboo.parseBambooDate(v);
        if (d !== null) valid(exceptionNote.shape.promotionDate, 'date')(d);
      }),
      RUNS,
    );
  });
});

describe('SuccessFactors mapping (property-based)', () => {
  const values: sf.Values = {
    goalStatus: { 'on-track': 'on_track', behind: 'behind', achieved: 'completed' },
    closedStates: ['cancelled'],
    eligible: 'Y',
    notEligible: 'N',
    category: 'AI',
  };

  it('users with their EmpJob slices: null (not hired yet) or an employee the core accepts', () => {
    const user = shaped({
      userId: fc.string({ minLength: 1 }),
      status: fc.constantFrom('t', 'f', 'active'),
      firstName: hostile,
      lastName: hostile,
      email: hostile,
      empId: hostile,
      hireDate: sfDate,
    });
    const job = shaped({
      userId: fc.string(),
      seqNumber: fc.oneof(fc.nat(), fc.string()),
      startDate: sfDate,
      endDate: sfDate,
      event: hostile,
      jobCode: hostile,
      jobTitle: hostile,
      payGrade: hostile,
      department: hostile,
      managerId: hostile,
      jobCodeNav: fc.option(shaped({ jobFunction: hostile, jobLevel: hostile })),
    });
    const t = tally();
    fc.assert(
      fc.property(
        user,
        fc.array(job, { maxLength: 4 }),
        fc.constantFrom('payGrade' as const, 'jobLevel' as const),
        (u, jobs, grade) => {
          const parsedJobs = jobs.flatMap((j) => {
            const p = empJobRow.safeParse(j);
            return p.success ? [p.data] : [];
          });
          t.add(
            through(
              userRow,
              u,
              (pu) => sf.toEmployee('eu', pu, parsedJobs, { asOf: '2027-06-30', grade }),
              (e) => {
                if (e !== null) valid(employee, 'employee')(e);
              },
            ),
          );
        },
      ),
      RUNS,
    );
    expect(t.seen.refused).toBeGreaterThan(0);
    expect(t.seen.mapped).toBeGreaterThan(0);
  });

  it('goals and exception rows: refused, skipped (no real date) or canonical', () => {
    const goal = shaped({
      id: fc.oneof(fc.string(), fc.nat()),
      userId: fc.string(),
      name: fc.string(),
      metric: hostile,
      due: sfDate,
      done: fc.oneof(fc.double(), fc.string()),
      state: fc.constantFrom('on_track', 'cancelled', 'weird'),
      category: hostile,
    });
    const note = shaped({
      externalCode: fc.string(),
      cust_userId: fc.string(),
      cust_promotionDate: sfDate,
      cust_fromGrade: hostile,
      cust_toGrade: hostile,
      cust_note: hostile,
    });
    fc.assert(
      fc.property(goal, note, (g, n) => {
        through(goalRow, g, (p) => sf.toCurrentGoal(values, p), valid(currentGoal, 'goal'));
        through(exceptionRow, n, sf.toExceptionNote, (r) => {
          if (r !== null) valid(exceptionNote, 'note')(r);
        });
      }),
      RUNS,
    );
  });
});

describe('Workday mapping (property-based)', () => {
  const config = workdayConfigSchema.parse({
    id: 'us',
    type: 'workday',
    host: 'h.example',
    tenant: 't',
    version: 'v44.0',
    auth: { username: 'a@t', password: { env: 'X' } },
    customObject: 'o',
    exceptionObject: 'e',
  });
  /** A reference as node-soap hands it over: one ID or several, plain text or `{attributes, $value}`. */
  const idValue = fc.oneof(
    hostile,
    fc.record({
      attributes: fc.record({
        'wd:type': fc.constantFrom('Employee_ID', 'WID', 'Job_Profile_ID', 'Organization_Type_ID'),
      }),
      $value: fc.oneof(hostile, fc.constant('SUPERVISORY')),
    }),
  );
  const ref = fc.oneof(
    fc.record({
      attributes: fc.option(fc.record({ 'wd:Descriptor': hostile })),
      ID: fc.oneof(idValue, fc.array(idValue, { maxLength: 3 })),
    }),
    anyValue,
  );
  const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 2 }));
  const workerData = shaped({
    Worker_ID: hostile,
    Personal_Data: shaped({
      Name_Data: shaped({
        Legal_Name_Data: shaped({ Name_Detail_Data: shaped({ First_Name: hostile, Last_Name: hostile }) }),
      }),
      Contact_Data: shaped({
        Email_Address_Data: oneOrMany(
          shaped({
            Email_Address: hostile,
            Usage_Data: oneOrMany(
              shaped({
                attributes: fc.record({ 'wd:Public': fc.constantFrom('1', '0') }),
                Type_Data: oneOrMany(shaped({ Type_Reference: ref })),
              }),
            ),
          }),
        ),
      }),
    }),
    Employment_Data: shaped({
      Worker_Job_Data: oneOrMany(
        shaped({
          attributes: fc.record({ 'wd:Primary_Job': fc.constantFrom('1', '0') }),
          Position_Data: shaped({
            Business_Title: hostile,
            Job_Profile_Summary_Data: shaped({
              Job_Profile_Reference: ref,
              Management_Level_Reference: ref,
              Job_Family_Reference: oneOrMany(ref),
              Job_Profile_Name: hostile,
            }),
          }),
        }),
      ),
      Worker_Status_Data: shaped({
        Active: fc.oneof(fc.boolean(), fc.constantFrom('1', '0', 'true')),
        Hire_Date: dateLike,
        Terminated: fc.boolean(),
      }),
    }),
    Compensation_Data: shaped({
      Compensation_Guidelines_Data: oneOrMany(shaped({ Compensation_Grade_Reference: ref })),
    }),
    Organization_Data: shaped({
      Worker_Organization_Data: oneOrMany(
        shaped({ Organization_Data: shaped({ Organization_Name: hostile, Organization_Type_Reference: ref }) }),
      ),
    }),
    Management_Chain_Data: shaped({
      Worker_Supervisory_Management_Chain_Data: shaped({
        Management_Chain_Data: oneOrMany(shaped({ Manager_Reference: oneOrMany(ref) })),
      }),
    }),
  });

  it('Get_Workers workers: refused, skipped (no id) or an employee the core accepts', () => {
    const t = tally();
    fc.assert(
      fc.property(shaped({ Worker_Reference: ref, Worker_Data: workerData }), (w) =>
        t.add(
          through(
            workerSchema,
            w,
            (p) => wd.toEmployee(p, 'us', config, new Map()),
            (e) => {
              if (e !== null) valid(employee, 'employee')(e);
            },
          ),
        ),
      ),
      RUNS,
    );
    expect(t.seen.refused).toBeGreaterThan(0);
    expect(t.seen.mapped).toBeGreaterThan(0);
  });

  it('job profiles and exception instances: refused, skipped or canonical', () => {
    const profile = shaped({
      Job_Profile_Reference: ref,
      Job_Profile_Data: shaped({
        Job_Profile_Basic_Data: shaped({
          Inactive: fc.boolean(),
          Job_Title: hostile,
          Management_Level_Reference: ref,
          Job_Level_Reference: ref,
          Job_Family_Data: oneOrMany(shaped({ Job_Family_Reference: ref })),
        }),
      }),
    });
    fc.assert(
      fc.property(
        profile,
        fc.dictionary(
          fc.oneof(hostile, fc.constantFrom(config.fields.promotionDate, config.fields.note, 'id')),
          anyValue,
        ),
        (p, instance) => {
          through(jobProfileSchema, p, wd.toJobProfileFacts, (facts) => {
            if (facts !== null) expect(typeof facts[0]).toBe('string');
          });
          const note = wd.toExceptionNote(instance, config);
          if (note !== null) valid(exceptionNote, 'note')(note);
        },
      ),
      RUNS,
    );
  });
});
