/**
 * The inverse of a run (`fluencyflow revert <run-id>`), from the run's audit outcomes and what the HRIS holds now.
 * Pure: no I/O, no clock. A write whose value the HRIS no longer holds was changed since, by a person or a later
 * run: it is left as it is and reported, never overwritten.
 */
import { z } from 'zod';
import {
  currentGoal,
  desiredEligibility,
  desiredGoal,
  eligibilityFlag,
  exceptionNote,
  type CurrentGoal,
  type CurrentState,
  type DesiredGoal,
  type EligibilityFlag,
  type GoalIdentity,
  type PlanSummary,
  type RevertChange,
  type RevertSection,
  type RevertSkip,
} from '../../schemas/index.js';
import { pickGoal } from './diff.js';
import { sameNote } from './exceptions.js';
import { sha256, stableStringify } from './hash.js';

/** One audit outcome record of the reverted run, before and after as written there. */
export interface RunWrite {
  connector: string;
  employeeId: string;
  changeKey: string;
  kind: string;
  action: string;
  before: unknown;
  after: unknown;
  outcome: string;
}

export interface LaterWrite {
  runId: string;
  seq: number;
  outcome: string;
}

/** What the HRIS holds now for one employee of the run. */
export interface HeldNow {
  current: CurrentState;
  displayName?: string;
}

export interface RevertInput {
  runId: string;
  writes: readonly RunWrite[];
  /**
   * The last later audit outcome (`applied` or `noop`) under a change key, with its run and sequence number: a later
   * run that wrote the same change (its value is not someone else's), or a revert that undid it already.
   */
  laterWrite: (changeKey: string) => LaterWrite | null;
  /** null: the employee is no longer in the HRIS. */
  heldNow: (connector: string, employeeId: string) => HeldNow | null;
  identity: GoalIdentity;
  goalRemoval: (connector: string) => 'delete' | 'close';
}

const goalWrite = z.object({ before: currentGoal.nullable(), after: desiredGoal });
const flagWrite = z.object({ before: eligibilityFlag.nullable(), after: desiredEligibility });
const noteWrite = z.object({ after: exceptionNote.omit({ id: true }) });

/** What differs between the goal held and the one the run wrote (empty: the HRIS holds the run's goal). */
const goalDrift = (held: CurrentGoal, wrote: DesiredGoal): string[] => {
  const out: string[] = [];
  if (held.closed) out.push('closed');
  if (held.title !== wrote.title) out.push('title');
  if (held.description.trim() !== wrote.description.trim()) out.push('description');
  if (held.dueDate !== wrote.dueDate) out.push('due date');
  if (Math.round(held.percentComplete) !== wrote.percentComplete)
    out.push(`progress ${wrote.percentComplete} -> ${held.percentComplete}`);
  if (held.status !== null && held.status !== wrote.status) out.push(`status ${wrote.status} -> ${held.status}`);
  return out;
};

const flagText = (f: EligibilityFlag | null): string => (f === null || f.value === null ? 'not set' : f.value);

/** The stable key of the change that undoes `changeKey` of run `runId`. */
export const revertKey = (runId: string, changeKey: string): string =>
  sha256(`revert\u0000${runId}\u0000${changeKey}`).slice(0, 20);

type Planned = { change: RevertChange } | { skip: string };

const KIND_ORDER: Record<RevertChange['kind'], number> = { goal: 0, eligibility: 1, 'exception-note': 2 };

/** The changes that undo a run and the writes left alone, sorted by connector, employee and kind. */
export const planRevert = (input: RevertInput): RevertSection => {
  const changes: RevertChange[] = [];
  const skipped: RevertSkip[] = [];
  // A change key is written once per run; an intent's outcome is what counts.
  const writes = input.writes.filter((w) => w.outcome === 'applied' || w.outcome === 'unknown');
  for (const w of writes) {
    const kind = w.kind === 'goal' || w.kind === 'eligibility' || w.kind === 'exception-note' ? w.kind : null;
    if (kind === null) continue;
    const held = input.heldNow(w.connector, w.employeeId);
    const named = held?.displayName ? { displayName: held.displayName } : {};
    const base = {
      key: revertKey(input.runId, w.changeKey),
      connector: w.connector,
      employeeId: w.employeeId,
      reverts: w.changeKey,
      ...named,
    };
    const skip = (reason: string) =>
      skipped.push({ connector: w.connector, employeeId: w.employeeId, ...named, kind, reverts: w.changeKey, reason });
    if (held === null) {
      skip('the employee is no longer in the HRIS');
      continue;
    }
    const later = input.laterWrite(w.changeKey);
    const undone = input.laterWrite(revertKey(input.runId, w.changeKey));
    if (undone !== null && (later === null || later.seq < undone.seq)) {
      skip(`already undone by revert run ${undone.runId}`);
      continue;
    }
    const by = later === null || later.outcome !== 'applied' ? 'someone else' : `fluencyflow run ${later.runId}`;
    const unknown = w.outcome === 'unknown' ? " (the write's outcome was never known)" : '';
    const planned: Planned =
      kind === 'goal'
        ? goalInverse(input, w, held.current, base, by)
        : kind === 'eligibility'
          ? flagInverse(w, held.current, base, by)
          : noteInverse(w, held.current, base, by);
    if ('change' in planned) changes.push(planned.change);
    else skip(`${planned.skip}${unknown}`);
  }
  const order = (a: { connector: string; employeeId: string; kind: RevertChange['kind']; reverts: string }) =>
    `${a.connector}\u0000${a.employeeId.padStart(12, '0')}\u0000${KIND_ORDER[a.kind]}\u0000${a.reverts}`;
  const byOrder = <T extends Parameters<typeof order>[0]>(a: T, b: T) => order(a).localeCompare(order(b));
  return { runId: input.runId, changes: changes.sort(byOrder), skipped: skipped.sort(byOrder) };
};

type Base = Omit<RevertChange, 'kind' | 'action' | 'before' | 'after' | 'reason'>;

const goalInverse = (input: RevertInput, w: RunWrite, now: CurrentState, base: Base, by: string): Planned => {
  const parsed = goalWrite.safeParse(w);
  if (!parsed.success) return { skip: 'its audit record does not hold a goal' };
  const { before, after } = parsed.data;
  const held = pickGoal(now.goals, input.identity, w.employeeId);
  if (held === null) return { skip: `the goal is no longer in the HRIS (removed since by ${by})` };
  const drift = goalDrift(held, after);
  if (drift.length > 0) return { skip: `the goal was changed since by ${by} (${drift.join(', ')})` };
  if (before === null) {
    const how = input.goalRemoval(w.connector);
    const said = how === 'delete' ? 'delete' : 'close (this HRIS has no goal delete)';
    return {
      change: {
        ...base,
        kind: 'goal',
        action: how,
        before: held,
        after: null,
        reason: `${said} goal ${held.id}, which the run created`,
      },
    };
  }
  const reason = `restore goal ${held.id} as the run found it${before.closed ? ' (closed)' : ''}`;
  return {
    change: { ...base, kind: 'goal', action: 'restore', before: held, after: { ...before, id: held.id }, reason },
  };
};

const flagInverse = (w: RunWrite, now: CurrentState, base: Base, by: string): Planned => {
  const parsed = flagWrite.safeParse(w);
  if (!parsed.success) return { skip: 'its audit record does not hold a flag' };
  const { before, after } = parsed.data;
  const held = now.eligibility;
  if (held === null || held.value !== after.value || held.reason.trim() !== after.reason.trim()) {
    const what =
      held?.value === after.value
        ? 'its reason was edited'
        : `the run wrote ${after.value}, the HRIS holds ${flagText(held)}`;
    return { skip: `the flag was changed since by ${by} (${what})` };
  }
  const cleared = before === null || before.value === null;
  const reason = cleared
    ? `clear the flag (${after.value}), which was not set before the run`
    : `restore the flag ${after.value} -> ${flagText(before)}`;
  return {
    change: { ...base, kind: 'eligibility', action: 'restore', before: held, after: cleared ? null : before, reason },
  };
};

const noteInverse = (w: RunWrite, now: CurrentState, base: Base, by: string): Planned => {
  const parsed = noteWrite.safeParse(w);
  if (!parsed.success) return { skip: 'its audit record does not hold a note' };
  const { after } = parsed.data;
  const held = now.exceptionNotes.find((n) => sameNote(n, after)) ?? null;
  if (held === null)
    return { skip: `the exception note of ${after.promotionDate} is no longer in the HRIS (removed since by ${by})` };
  if (held.note.trim() !== after.note.trim() || held.fromGrade.trim() !== after.fromGrade.trim())
    return { skip: `the exception note of ${after.promotionDate} was changed since by ${by}` };
  const note = `${after.promotionDate} (${after.fromGrade} -> ${after.toGrade})`;
  const reason = `delete the exception note of ${note}, which the run added`;
  return { change: { ...base, kind: 'exception-note', action: 'delete', before: held, after: null, reason } };
};

/** A revert plan's fingerprint: what it undoes and the values the HRIS holds now. Apply refuses it once they move. */
export const revertFingerprint = (section: RevertSection): string => sha256(stableStringify(section));

/** Counts for the plan's summary: `update` the changes that undo, `noop` the writes left as they are. */
export const revertSummary = (section: RevertSection): PlanSummary => {
  const byKind: PlanSummary['byKind'] = {};
  const bump = (kind: string, field: 'update' | 'noop') => {
    const k = (byKind[kind] ??= { create: 0, update: 0, noop: 0 });
    k[field]++;
  };
  for (const c of section.changes) bump(c.kind, 'update');
  for (const s of section.skipped) bump(s.kind, 'noop');
  const people = new Set([...section.changes, ...section.skipped].map((c) => `${c.connector}\u0000${c.employeeId}`));
  return {
    employees: people.size,
    judged: 0,
    create: 0,
    update: section.changes.length,
    noop: section.skipped.length,
    byKind,
    issues: {},
  };
};
