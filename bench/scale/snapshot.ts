/**
 * The 1.6-million-employee snapshot: NDJSON, one line per employee as the connectors yield them
 * (`{employee, current}`, an `EmployeeRecord`) with that employee's evidence summary, written and read in pages so
 * neither side holds the organisation at once.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { currentState, employee, isoDate, type SyntheticEmployee } from '../../schemas/index.js';
import type { EmployeeRecord } from '../../src/connector.js';
import { dayNumber, type EmployeeEvidence } from '../../src/core/index.js';
import { createRandom, type Random } from '../../src/demo/random.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';

export const SCALE_AS_OF = '2027-06-30';
export const SCALE_GOAL = 'AI fluency development goal FY2027';
/** Employees per synthetic organisation; the snapshot repeats a few of them under new ids, with fresh evidence. */
const CHUNK = 5000;
const DISTINCT_CHUNKS = 4;
const FIRST_ID = 1_000_000;

const evidenceSummary = z.object({
  certifications: z.array(
    z.object({ issuer: z.string(), credential: z.string(), issuedOn: isoDate, expiresOn: isoDate.nullable() }).strict(),
  ),
  enrolments: z.array(z.object({ level: z.string(), enrolledOn: isoDate }).strict()),
  usage: z
    .object({ days: z.array(z.number().int()), events: z.array(z.number().int()), minutes: z.array(z.number()) })
    .strict(),
});

/** One line of the snapshot. */
const snapshotLine = z.object({ employee, current: currentState, evidence: evidenceSummary }).strict();
type SnapshotLine = z.infer<typeof snapshotLine>;

const CREDENTIALS = [
  ['internal', 'ai-foundations'],
  ['Amazon Web Services', 'AWS Certified AI Practitioner'],
  ['internal', 'ai-expert-review'],
] as const;

/** Evidence as the importers summarise it: some credentials (a few expired), an enrolment, daily use in 60 days. */
const evidenceFor = (r: Random, asOfDay: number): EmployeeEvidence => {
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  const certifications = [];
  const level = r.weighted([
    [-1, 40],
    [0, 35],
    [1, 20],
    [2, 5],
  ] as const);
  for (let l = 0; l <= level; l++) {
    const cred = CREDENTIALS[l];
    if (!cred || r.chance(0.2)) continue;
    const issued = asOfDay - r.int(10, 700);
    const expiresOn = r.chance(0.3) ? iso(issued + r.int(200, 1000)) : null;
    certifications.push({ issuer: cred[0], credential: cred[1], issuedOn: iso(issued), expiresOn });
  }
  const enrolments = r.chance(0.15) ? [{ level: 'practitioner', enrolledOn: iso(asOfDay - r.int(1, 200)) }] : [];
  const days: number[] = [];
  const events: number[] = [];
  const minutes: number[] = [];
  const activity = r.next();
  for (let d = asOfDay - 59; d <= asOfDay; d++)
    if (r.next() < activity * 0.8) {
      days.push(d);
      events.push(r.int(0, 25));
      minutes.push(r.int(0, 90));
    }
  return { certifications, enrolments, usage: { days, events, minutes } };
};

const flagValue = (r: Random) => (r.chance(0.5) ? ('eligible' as const) : ('not-eligible' as const));

/** The record a connector would yield for a synthetic employee: the standard goal when seeded, a flag for some. */
const recordFor = (e: SyntheticEmployee, r: Random, offset: number, unit: number): EmployeeRecord => {
  const { personalEmail: _personal, seededGoals, ...rest } = e;
  const id = String(offset + Number(e.id));
  const goals = seededGoals
    .filter((g) => g.title === SCALE_GOAL)
    .map((g, i) => ({ ...g, id: `${id}-${i}`, status: null, referenceId: null }));
  const flagged = r.chance(0.3);
  const eligibility = flagged ? { value: flagValue(r), reason: 'set before' } : null;
  const employee = {
    ...rest,
    connector: 'hr',
    id,
    employeeNumber: `E${id}`,
    email: e.email === null ? null : e.email.replace(/@.*$/, `@unit${unit}.example.com`),
    managerId: e.managerId === null ? null : String(offset + Number(e.managerId)),
  };
  return { employee, current: { goals, eligibility, exceptionNotes: [] } };
};

/**
 * Writes `employees` lines to `path`, ids ascending from 1,000,000 (the order the plan sorts by). A few synthetic
 * organisations are generated and repeated under new ids, each copy with its own flags and evidence.
 */
export const writeSnapshot = (path: string, employees: number): { bytes: number } => {
  const asOfDay = dayNumber(SCALE_AS_OF);
  const orgs = Array.from({ length: Math.min(DISTINCT_CHUNKS, Math.ceil(employees / CHUNK)) }, (_, i) =>
    generateSyntheticOrg({
      asOf: SCALE_AS_OF,
      employees: Math.min(CHUNK, employees),
      seed: i + 1,
      firstId: 0,
      standardGoalTitle: SCALE_GOAL,
    }),
  );
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (let unit = 0; unit * CHUNK < employees; unit++) {
      const org = orgs[unit % orgs.length];
      if (!org) break;
      const offset = FIRST_ID + unit * CHUNK;
      const r = createRandom(unit + 1);
      const text = org.employees
        .slice(0, employees - unit * CHUNK)
        .map((e) => `${JSON.stringify({ ...recordFor(e, r, offset, unit), evidence: evidenceFor(r, asOfDay) })}\n`)
        .join('');
      bytes += writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  return { bytes };
};

/** The snapshot's lines in pages of `pageSize`, read in 1 MB chunks. */
export async function* snapshotPages(path: string, pageSize = 1000): AsyncGenerator<string[]> {
  let rest = '';
  let page: string[] = [];
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + String(chunk);
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      page.push(line);
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
    }
  }
  if (rest !== '') page.push(rest);
  if (page.length > 0) yield page;
}

/** A snapshot line parsed and checked, as the plan reads it. */
export const parseLine = (line: string): SnapshotLine => snapshotLine.parse(JSON.parse(line));
