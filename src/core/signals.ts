import type { GamingSignals } from '../../schemas/index.js';
import { dayNumber } from './days.js';
import { credentialIdOf, credentialValidOn, type LevelEvidence, useInWindow } from './evidence-rules.js';
import type { EmployeeEvidence } from './evidence-view.js';
import type { Policy } from './policy.js';
import { rankOf } from './policy.js';

/**
 * The gaming signals of DESIGN §1 and issue "evidence at scale": credentials without use, use that is only a burst
 * right before the as-of date, and credentials earned faster than the programme allows. None blocks a flag unless
 * `gaming.block` says so.
 */
export const gamingSignals = (
  policy: Policy,
  evidence: EmployeeEvidence,
  levels: readonly LevelEvidence[],
  held: string | null,
  asOfDay: number,
  windowDays: number,
): GamingSignals => {
  const certifiedInactive = levels.some(
    (l) => l.hasCredential && !l.useMet && rankOf(policy, l.level.id) > rankOf(policy, held),
  );

  const all = useInWindow(evidence.usage, asOfDay, windowDays).activeDays;
  const recent = useInWindow(evidence.usage, asOfDay, Math.min(policy.gaming.burstDays, windowDays)).activeDays;
  const burst = all >= 3 && windowDays > policy.gaming.burstDays && recent / all >= policy.gaming.burstShare;

  let tooFast = false;
  for (const c of evidence.certifications) {
    if (!credentialValidOn(c, asOfDay)) continue;
    const id = credentialIdOf(policy, c);
    const minDays = Object.entries(policy.gaming.minProgrammeDays).find(([k]) => k.trim().toLowerCase() === id)?.[1];
    if (minDays === undefined) continue;
    const level = policy.ladder.find((l) => l.evidence.credentials.some((x) => x.trim().toLowerCase() === id));
    const issued = dayNumber(c.issuedOn);
    const enrolment = evidence.enrolments
      .filter((e) => (level === undefined || e.level === level.id) && dayNumber(e.enrolledOn) <= issued)
      .sort((a, b) => (a.enrolledOn < b.enrolledOn ? 1 : -1))[0];
    if (enrolment && issued - dayNumber(enrolment.enrolledOn) < minDays) tooFast = true;
  }
  return { certifiedInactive, burst, tooFast };
};
