import type { LadderLevel } from '../../schemas/index.js';
import { dayNumber, lowerBound, windowRange } from './days.js';
import type { CertificationView, EmployeeEvidence, UsageView } from './evidence-view.js';
import type { Policy } from './policy.js';

/** The ladder id a certification record stands for: `issuer:credential`, lower-cased, through the alias map. */
export const credentialIdOf = (policy: Policy, c: CertificationView): string => {
  const full = `${c.issuer}:${c.credential}`.trim().toLowerCase();
  return policy.credentialAliases.get(full) ?? policy.credentialAliases.get(c.credential.trim().toLowerCase()) ?? full;
};

/** A credential counts on day D when issued_on <= D <= expires_on (no expiry: no end), and was not revoked. */
export const credentialValidOn = (c: CertificationView, day: number): boolean =>
  !c.revoked && dayNumber(c.issuedOn) <= day && (c.expiresOn === null || day <= dayNumber(c.expiresOn));

export interface UseInWindow {
  activeDays: number;
  events: number;
  minutes: number;
}

/** Active days (at least one event) in the `windowDays` days ending on `endDay`, endDay included. */
export const useInWindow = (usage: UsageView, endDay: number, windowDays: number): UseInWindow => {
  const { from, to } = windowRange(endDay, windowDays);
  let activeDays = 0;
  let events = 0;
  let minutes = 0;
  for (let i = lowerBound(usage.days, from); i < usage.days.length; i++) {
    const d = usage.days[i] ?? 0;
    if (d > to) break;
    const e = usage.events[i] ?? 0;
    if (e > 0) {
      activeDays++;
      events += e;
      minutes += usage.minutes[i] ?? 0;
    }
  }
  return { activeDays, events, minutes };
};

export interface LevelEvidence {
  level: LadderLevel;
  /** True when the level needs no credential or one of its credentials is valid on the day. */
  credentialMet: boolean;
  /** True when the level names credentials and one is valid (a credential actually held, not just none required). */
  hasCredential: boolean;
  /** The credentials that counted. */
  credentials: CertificationView[];
  activeDays: number;
  /** Null when the level has no use requirement. */
  requiredDays: number | null;
  windowDays: number | null;
  useMet: boolean;
  held: boolean;
}

/** The credential ids a level names, lower-cased; one set per level object (it runs for every employee). */
const wantedByLevel = new WeakMap<LadderLevel, ReadonlySet<string>>();
const wantedCredentials = (level: LadderLevel): ReadonlySet<string> => {
  const known = wantedByLevel.get(level);
  if (known) return known;
  const wanted = new Set(level.evidence.credentials.map((c) => c.trim().toLowerCase()));
  wantedByLevel.set(level, wanted);
  return wanted;
};

/**
 * Evaluates every level's rule on one day. Levels are independent (a practitioner needs no foundational credential).
 */
export const levelEvidenceOn = (policy: Policy, evidence: EmployeeEvidence, day: number): LevelEvidence[] => {
  const valid = evidence.certifications.filter((c) => credentialValidOn(c, day));
  // Each valid credential's ladder id once, not once per level.
  const ids = valid.map((c) => credentialIdOf(policy, c));
  return policy.ladder.map((level) => {
    const wanted = wantedCredentials(level);
    const credentials = valid.filter((_, i) => wanted.has(ids[i] ?? ''));
    const hasCredential = credentials.length > 0;
    const credentialMet = wanted.size === 0 || hasCredential;
    const use = level.evidence.use;
    const activeDays = use ? useInWindow(evidence.usage, day, use.windowDays).activeDays : 0;
    const useMet = use === null || activeDays >= use.minActiveDays;
    return {
      level,
      credentialMet,
      hasCredential,
      credentials,
      activeDays,
      requiredDays: use?.minActiveDays ?? null,
      windowDays: use?.windowDays ?? null,
      useMet,
      held: credentialMet && useMet,
    };
  });
};

/** The highest level whose whole rule holds, or null. */
export const levelHeld = (levels: readonly LevelEvidence[]): string | null => {
  for (let i = levels.length - 1; i >= 0; i--) {
    const l = levels[i];
    if (l?.held) return l.level.id;
  }
  return null;
};

/**
 * What is missing for a level, in words a committee reads: "no practitioner credential", "2 active days ... 8
 * required".
 */
export const missingFor = (e: LevelEvidence): string => {
  const name = e.level.name.toLowerCase();
  const parts: string[] = [];
  const usePart =
    `${e.activeDays} active day${e.activeDays === 1 ? '' : 's'} of AI use in ${e.windowDays ?? 0}, ` +
    `${e.requiredDays ?? 0} required`;
  if (!e.credentialMet && !e.useMet) parts.push(`no ${name} credential and ${usePart}`);
  else if (!e.credentialMet) parts.push(`no ${name} credential`);
  else if (!e.useMet) parts.push(`${e.hasCredential ? `${name} credential but ` : ''}${usePart}`);
  return parts.join('; ');
};
