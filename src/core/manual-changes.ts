import {
  currentGoal,
  desiredEligibility,
  desiredGoal,
  eligibilityFlag,
  markerFor,
  referenceIdFor,
  type Change,
  type ChangeKind,
  type CurrentGoal,
  type EligibilityFlag,
  type GoalIdentity,
  type ManualChange,
  type ManualChangePolicy,
  type ManualHandling,
  type OnManualChange,
} from '../../schemas/index.js';
import { goalDiffers } from './diff.js';

/** The config's word for each change kind (`onManualChange: { flag, goal, note }`). */
const CONFIG_KIND: Record<ChangeKind, 'flag' | 'goal' | 'note'> = {
  eligibility: 'flag',
  goal: 'goal',
  'exception-note': 'note',
};

export const manualPolicyFor = (on: OnManualChange, kind: ChangeKind): ManualChangePolicy =>
  typeof on === 'string' ? on : (on[CONFIG_KIND[kind]] ?? 'keep');

/**
 * What fluencyflow wrote under one change key (the state store's audit log): the last write known to have landed,
 * and the writes since whose outcome was never recorded (a killed run), each with the value it replaced.
 */
export interface Written {
  last: { after: unknown } | null;
  open: readonly { before: unknown; after: unknown }[];
}

/** The values the HRIS may hold without anyone having touched it since fluencyflow's last write. */
const ownValues = (w: Written): unknown[] => [
  ...(w.last ? [w.last.after] : []),
  ...w.open.flatMap((o) => [o.before, o.after]),
];

export interface ManualContext {
  policy: ManualChangePolicy;
  /** `--adopt`: values that differ without history are written (and so become the baseline). */
  adopt: boolean;
  /**
   * Goals fluencyflow did not create (no marker, no reference id) are protected without history: set when the state
   * store knows nothing of this connector while the tenant holds fluencyflow's values (a lost state store). On a
   * fresh tenant they are adopted (DESIGN §8).
   */
  protectUnownedGoals: boolean;
  identity: GoalIdentity;
}

const flagWords = (f: Pick<EligibilityFlag, 'value' | 'reason'> | null): string =>
  f?.value ? `${f.value}${f.reason.trim() ? `: ${f.reason.trim()}` : ''}` : 'not set';

type GoalInWords = { title: string; percentComplete: number; status: string | null; closed?: boolean };
const goalWords = (g: GoalInWords | null): string =>
  g
    ? `"${g.title}", ${Math.round(g.percentComplete)}% ${g.status ?? 'no status'}${g.closed ? ', closed' : ''}`
    : 'no goal';

/** A flag as written (`{ value, reason }`), or an empty field (a killed create's before: null). */
const sameFlag = (held: EligibilityFlag | null, written: unknown): boolean => {
  if (written === null || written === undefined) return held === null || held.value === null;
  const w = desiredEligibility.safeParse(written);
  if (!w.success) {
    const flag = eligibilityFlag.safeParse(written);
    if (!flag.success) return false;
    return (held?.value ?? null) === flag.data.value && (held?.reason.trim() ?? '') === flag.data.reason.trim();
  }
  return held !== null && held.value === w.data.value && held.reason.trim() === w.data.reason.trim();
};

/** A goal as written, the goal a killed update found (its before), or no goal (a killed create's before). */
const sameGoal = (held: CurrentGoal | null, written: unknown): boolean => {
  if (written === null || written === undefined) return held === null;
  if (held === null) return false;
  const w = desiredGoal.safeParse(written);
  if (w.success) return goalDiffers(held, w.data).length === 0;
  const found = currentGoal.safeParse(written);
  if (!found.success) return false;
  const g = found.data;
  return (
    g.title === held.title &&
    g.description.trim() === held.description.trim() &&
    g.dueDate === held.dueDate &&
    Math.round(g.percentComplete) === Math.round(held.percentComplete) &&
    g.status === held.status &&
    g.closed === held.closed
  );
};

/**
 * A goal a killed update may have left half-written: in some HRIS an update is several calls (BambooHR reopens a
 * closed goal, then replaces it), so each field holds either its value from before the write or the one after it.
 */
const partlyWritten = (held: CurrentGoal | null, open: { before: unknown; after: unknown }): boolean => {
  const before = currentGoal.safeParse(open.before);
  const after = desiredGoal.safeParse(open.after);
  if (held === null || !before.success || !after.success) return false;
  const b = before.data;
  const a = after.data;
  const either = <T>(v: T, x: T, y: T): boolean => v === x || v === y;
  return (
    either(held.closed, b.closed, false) &&
    either(held.title, b.title, a.title) &&
    either(held.description.trim(), b.description.trim(), a.description.trim()) &&
    either(held.dueDate, b.dueDate, a.dueDate) &&
    either(Math.round(held.percentComplete), Math.round(b.percentComplete), a.percentComplete) &&
    (held.status === null || either<string | null>(held.status, b.status, a.status))
  );
};

const owned = (g: CurrentGoal, identity: GoalIdentity, employeeId: string): boolean =>
  g.referenceId === referenceIdFor(identity, employeeId) || g.description.includes(markerFor(identity, employeeId));

/** What the HRIS holds, what fluencyflow last wrote and what it would write, in words; and who changed it. */
const wordsOf = (c: Change, written: Written | undefined) => {
  const last = written?.last?.after;
  switch (c.kind) {
    case 'eligibility': {
      const w = desiredEligibility.safeParse(last);
      const lastWritten = w.success ? flagWords(w.data) : null;
      return { held: flagWords(c.before), lastWritten, planned: flagWords(c.after), by: c.before };
    }
    case 'goal': {
      const w = desiredGoal.safeParse(last);
      const lastWritten = w.success ? goalWords(w.data) : null;
      return { held: goalWords(c.before), lastWritten, planned: goalWords(c.after), by: c.before };
    }
    case 'exception-note': {
      const note = `note ${c.after.promotionDate} ${c.after.fromGrade} -> ${c.after.toGrade}`;
      return { held: c.before ? note : 'no note', lastWritten: written?.last ? note : null, planned: note, by: null };
    }
  }
};

/** Whether the HRIS value is one a person set: it differs from everything fluencyflow wrote under this key. */
const changedByHand = (c: Change, written: Written): boolean => {
  switch (c.kind) {
    case 'eligibility':
      return !ownValues(written).some((w) => sameFlag(c.before, w));
    case 'goal':
      return (
        !ownValues(written).some((w) => sameGoal(c.before, w)) && !written.open.some((o) => partlyWritten(c.before, o))
      );
    case 'exception-note':
      // Notes are only ever created: one fluencyflow wrote that is planned again was removed by a person.
      return c.action === 'create' && written.last !== null;
  }
};

/**
 * Without history: a flag differs when the HRIS holds a value (an empty field is not a decision) other than the
 * planned one; a goal when it is not fluencyflow's own and the connector's history is lost. Notes never do.
 */
const differsWithoutHistory = (c: Change, ctx: ManualContext): boolean => {
  switch (c.kind) {
    case 'eligibility':
      return c.before !== null && c.before.value !== null && c.before.value !== c.after.value;
    case 'goal':
      return ctx.protectUnownedGoals && c.before !== null && !owned(c.before, ctx.identity, c.employeeId);
    case 'exception-note':
      return false;
  }
};

const HANDLING: Record<ManualChangePolicy, ManualHandling> = { keep: 'kept', report: 'reported', revert: 'reverted' };

/**
 * Judges one planned change against what fluencyflow last wrote under its key (`written`; undefined: no history).
 * A value a person changed is kept, reported or reverted as the policy says; one that differs without history is left
 * until `--adopt`. A change not written becomes a noop that says why. Pure.
 */
export const judgeManualChange = (
  c: Change,
  written: Written | undefined,
  ctx: ManualContext,
): { change: Change; manual: ManualChange | null } => {
  if (c.action === 'noop') return { change: c, manual: null };
  const handling: ManualHandling | null =
    written !== undefined
      ? changedByHand(c, written)
        ? HANDLING[ctx.policy]
        : null
      : differsWithoutHistory(c, ctx)
        ? ctx.adopt
          ? 'adopted'
          : 'no-history'
        : null;
  if (handling === null) return { change: c, manual: null };
  const { held, lastWritten, planned, by } = wordsOf(c, written);
  const manual: ManualChange = {
    connector: c.connector,
    employeeId: c.employeeId,
    ...(c.displayName ? { displayName: c.displayName } : {}),
    kind: c.kind,
    handling,
    held,
    lastWritten,
    planned,
    ...(by?.changedBy ? { changedBy: by.changedBy } : {}),
    ...(by?.changedAt ? { changedAt: by.changedAt } : {}),
  };
  switch (handling) {
    case 'reverted':
      return { change: { ...c, revertsManualChange: true, reason: `reverting a manual change: ${c.reason}` }, manual };
    case 'adopted':
      return { change: { ...c, reason: `adopted (--adopt): ${c.reason}` }, manual };
    case 'kept':
      return { change: { ...c, action: 'noop', reason: `changed by hand: kept (onManualChange: keep)` }, manual };
    case 'reported':
      return { change: { ...c, action: 'noop', reason: `changed by hand: reported (onManualChange: report)` }, manual };
    case 'no-history':
      return { change: { ...c, action: 'noop', reason: 'differs, no history: left until --adopt' }, manual };
  }
};

/** The plan line of a manual change: `!` and what happened. */
export const manualChangeLine = (m: ManualChange): string => {
  const who = m.displayName ? `${m.displayName} (${m.connector}/${m.employeeId})` : `${m.connector}/${m.employeeId}`;
  const on = m.changedAt ? ` on ${m.changedAt}` : '';
  const by = m.changedBy || m.changedAt ? ` by ${m.changedBy ?? 'someone'}${on}` : '';
  const wrote = `HRIS holds ${m.held}, fluencyflow wrote ${m.lastWritten ?? '-'}`;
  const kind = CONFIG_KIND[m.kind];
  switch (m.handling) {
    case 'kept':
      return `! ${who} ${kind} changed by hand${by}: ${wrote}; kept`;
    case 'reported':
      return `! ${who} ${kind} changed by hand${by}: ${wrote}; reported, not written`;
    case 'reverted':
      return `! ${who} ${kind} changed by hand${by}: HRIS holds ${m.held}; reverting to ${m.planned}`;
    case 'no-history':
      return (
        `! ${who} ${kind} differs, no history${by}: HRIS holds ${m.held}, plan ${m.planned}; ` +
        'not written until --adopt'
      );
    case 'adopted':
      return `! ${who} ${kind} differs, no history${by}: HRIS holds ${m.held}; --adopt writes ${m.planned}`;
  }
};
