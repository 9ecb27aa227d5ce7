import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { SyntheticEmployee } from '../../schemas/index.js';
import { createRandom } from './random.js';

export interface SampleEvidenceOptions {
  employees: readonly SyntheticEmployee[];
  asOf: string;
  zone: string;
  seed?: number;
  dir: string;
}

export interface SampleEvidenceFiles {
  certifications: string;
  enrolments: string;
  usage: string;
  counts: { certifications: number; enrolments: number; usageLines: number };
}

type Persona = 'none' | 'foundational' | 'practitioner' | 'expert' | 'certified-inactive' | 'user' | 'enrolled';

const CREDENTIALS: Record<'foundational' | 'practitioner' | 'expert', readonly (readonly [string, string])[]> = {
  foundational: [['internal', 'ai-foundations']],
  // Display names as certifiers export them; the demo config maps them to ladder ids.
  practitioner: [
    ['Amazon Web Services', 'AWS Certified AI Practitioner'],
    ['Google', 'Google AI Essentials'],
  ],
  expert: [['internal', 'ai-expert-review']],
};

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Sample evidence for the demo, drawn deterministically from the synthetic organisation: credentials (some expired,
 * some without use), enrolments, and daily AI use in the cycle's zone, plus a few rows that cannot be matched or
 * read, so the demo shows how they are reported.
 */
export const writeSampleEvidence = (o: SampleEvidenceOptions): SampleEvidenceFiles => {
  mkdirSync(o.dir, { recursive: true });
  const r = createRandom(o.seed ?? 7);
  const asOf = DateTime.fromISO(o.asOf, { zone: o.zone });
  const certs: string[] = ['employee,issuer,credential,issued_on,expires_on,verification_url'];
  const enrolments: string[] = ['employee,level,programme,enrolled_on'];
  const usage: string[] = [];
  const day = (d: DateTime) => d.toISODate() ?? '';

  // Day arithmetic in a named zone is luxon's slow path (an Intl lookup per step), and most people's use ends on the
  // same day: each day back is computed once per end.
  const daysBack = new Map<string, DateTime>();
  const dayBefore = (end: DateTime, back: number): DateTime => {
    const key = `${end.toMillis()}:${back}`;
    const known = daysBack.get(key);
    if (known) return known;
    const d = end.minus({ days: back });
    daysBack.set(key, d);
    return d;
  };
  const addUse = (who: string, end: DateTime, days: number, tool: string) => {
    const picked = new Set<number>();
    while (picked.size < Math.min(days, 28)) picked.add(r.int(0, 27));
    for (const back of picked) {
      const d = dayBefore(end, back);
      if (r.chance(0.1)) {
        // Single events with a timestamp: counted on their calendar day in the cycle's zone.
        const at = d
          .set({ hour: r.int(8, 23), minute: r.int(0, 59) })
          .toUTC()
          .toISO({ suppressMilliseconds: true });
        usage.push(JSON.stringify({ employee: who, at, tool, kind: 'prompt', minutesSaved: r.int(1, 20) }));
      } else {
        usage.push(
          JSON.stringify({ employee: who, date: day(d), tool, events: r.int(1, 30), minutesSaved: r.int(0, 90) }),
        );
      }
    }
  };
  const addCert = (
    who: string,
    level: 'foundational' | 'practitioner' | 'expert',
    issued: DateTime,
    expired = false,
  ) => {
    const [issuer, credential] = r.pick(CREDENTIALS[level]);
    const expires = expired
      ? asOf.minus({ days: r.int(1, 90) })
      : r.chance(0.5)
        ? asOf.plus({ days: r.int(60, 700) })
        : null;
    // An expired credential was issued a year or more before it lapsed.
    const issuedOn = expires && issued >= expires ? expires.minus({ days: 365 }) : issued;
    certs.push(
      [
        who,
        issuer,
        credential,
        day(issuedOn),
        expires ? day(expires) : '',
        `https://verify.example.com/${r.int(100000, 999999)}`,
      ]
        .map(csvCell)
        .join(','),
    );
  };

  for (const e of o.employees) {
    if (e.status !== 'active') continue;
    // Identify people the way real exports do: mostly by work e-mail (any case), some by employee number or HRIS id.
    const roll = r.next();
    const who =
      roll < 0.7
        ? (e.email ?? e.id)
        : roll < 0.8
          ? (e.email ?? e.id).toUpperCase()
          : roll < 0.9
            ? (e.employeeNumber ?? e.id)
            : e.id;
    const persona = r.weighted<Persona>([
      ['none', 8],
      ['foundational', 24],
      ['practitioner', 26],
      ['expert', 8],
      ['certified-inactive', 9],
      ['user', 13],
      ['enrolled', 12],
    ]);
    const tool = r.pick(['copilot', 'chatgpt-enterprise', 'gemini', 'claude']);
    const issued = asOf.minus({ days: r.int(30, 600) });
    switch (persona) {
      case 'none':
        break;
      case 'foundational':
        addCert(who, 'foundational', issued);
        addUse(who, asOf, r.int(4, 9), tool);
        break;
      case 'practitioner':
        addCert(who, 'practitioner', issued, r.chance(0.06));
        if (r.chance(0.5)) addCert(who, 'foundational', issued.minus({ days: 90 }));
        addUse(who, asOf, r.int(8, 15), tool);
        break;
      case 'expert':
        addCert(who, 'expert', issued);
        addCert(who, 'practitioner', issued.minus({ days: 120 }));
        addUse(who, asOf, r.int(16, 24), tool);
        break;
      case 'certified-inactive':
        addCert(who, 'practitioner', issued);
        addUse(who, asOf, r.int(0, 3), tool);
        break;
      case 'user':
        addUse(who, asOf, r.int(5, 12), tool);
        break;
      case 'enrolled':
        enrolments.push(
          [who, 'practitioner', 'AI Practitioner Academy', day(asOf.minus({ days: r.int(5, 120) }))]
            .map(csvCell)
            .join(','),
        );
        addUse(who, asOf, r.int(2, 8), tool);
        break;
    }
    // Half of the recently promoted used AI enough before their promotion: their promotion needs no exception.
    const promo = e.jobHistory.filter((h) => h.event === 'Promotion' && h.effectiveDate <= o.asOf).at(-1);
    if (promo && r.chance(0.5)) {
      const at = DateTime.fromISO(promo.effectiveDate, { zone: o.zone });
      if (persona !== 'practitioner' && persona !== 'expert')
        addCert(who, 'practitioner', at.minus({ days: r.int(40, 200) }), false);
      addUse(who, at, r.int(16, 20), tool);
    }
  }
  // Rows the run must report, not guess: unknown people, a personal address, a bad date, a negative count.
  certs.push('nobody@elsewhere.example,internal,ai-foundations,2026-01-10,,');
  certs.push('someone@example.com,Google,Google AI Essentials,2026-13-45,,');
  const personal = o.employees.find((e) => e.personalEmail !== null);
  if (personal?.personalEmail)
    usage.push(JSON.stringify({ employee: personal.personalEmail, date: o.asOf, tool: 'copilot', events: 3 }));
  usage.push(JSON.stringify({ employee: 'ghost@example.com', date: o.asOf, tool: 'copilot', events: 2 }));
  usage.push(JSON.stringify({ employee: o.employees[1]?.email ?? 'x', date: o.asOf, tool: 'copilot', events: -4 }));
  usage.push('{"employee": "broken json');

  const files = {
    certifications: join(o.dir, 'certifications.csv'),
    enrolments: join(o.dir, 'enrolments.csv'),
    usage: join(o.dir, 'usage.ndjson'),
  };
  writeFileSync(files.certifications, `${certs.join('\n')}\n`);
  writeFileSync(files.enrolments, `${enrolments.join('\n')}\n`);
  writeFileSync(files.usage, `${usage.join('\n')}\n`);
  return {
    ...files,
    counts: { certifications: certs.length - 1, enrolments: enrolments.length - 1, usageLines: usage.length },
  };
};
