import type { Change } from '../../schemas/index.js';
import { stableStringify } from '../core/hash.js';
import { PlanTamperedError } from '../errors.js';

/** What a change writes: where, which action, from what and to what. */
const writeOf = (c: Change): string =>
  stableStringify({
    connector: c.connector,
    employeeId: c.employeeId,
    kind: c.kind,
    action: c.action,
    before: c.before,
    after: c.after,
  });

const SHOWN = 20;

/**
 * The changes of a saved plan, as the engine plans them now from a fresh read of the HRIS. Every saved change must
 * be one the engine plans itself (same key, same before, same after); otherwise nothing is applied and the error
 * names each change that is not. Changes left out of the saved plan stay out.
 */
export const matchSavedPlan = (saved: readonly Change[], fresh: readonly Change[], where?: string): Change[] => {
  const byKey = new Map(fresh.map((c) => [c.key, c]));
  const bad: string[] = [];
  const out: Change[] = [];
  for (const s of saved) {
    const own = byKey.get(s.key);
    const label = `${s.key} (${s.kind} of ${s.connector}/${s.employeeId})`;
    if (!own) bad.push(`${label}: not a change fluencyflow plans`);
    else if (writeOf(own) !== writeOf(s)) bad.push(`${label}: differs from what fluencyflow plans for it`);
    else if (own.action !== 'noop') out.push(own);
  }
  if (bad.length > 0) {
    const more = bad.length > SHOWN ? `; and ${bad.length - SHOWN} more` : '';
    throw new PlanTamperedError(
      `the plan holds ${bad.length} change${bad.length === 1 ? '' : 's'} fluencyflow would not make; ` +
        `nothing was written: ${bad.slice(0, SHOWN).join('; ')}${more}`,
      where === undefined ? {} : { where },
    );
  }
  return out;
};
