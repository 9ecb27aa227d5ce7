import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { currentGoal, type Change, type EligibilityChange, type GoalIdentity } from '../../../schemas/index.js';
import { changeKey } from '../../../src/core/hash.js';
import {
  judgeManualChange,
  manualPolicyFor,
  type ManualContext,
  type Written,
} from '../../../src/core/manual-changes.js';
import { configJsonSchema } from '../../../src/engine/json-schema.js';
import { parseConfigText } from '../../../src/engine/load-config.js';
import { ConfigError } from '../../../src/errors.js';
import { connectors } from '../../../connectors/index.js';
import { baseConfigInput, makeConfig } from '../../helpers/config.js';

const identity: GoalIdentity = {
  cycleId: 'FY2027',
  title: 'AI fluency development goal FY2027',
  markerPrefix: '[fluencyflow:FY2027:',
  referenceIdPrefix: 'FLUENCY-FY2027-',
};
const ctx = (over: Partial<ManualContext> = {}): ManualContext => ({
  policy: 'keep',
  adopt: false,
  protectUnownedGoals: false,
  identity,
  ...over,
});

/** History: the last write that landed, then open intents (before, after) of a killed run. */
const w = (after: unknown, open: { before: unknown; after: unknown }[] = []): Written => ({ last: { after }, open });

type Held = {
  value: 'eligible' | 'not-eligible' | null;
  reason: string;
  changedBy?: string;
  changedAt?: string;
} | null;
const flag = (before: Held): EligibilityChange => ({
  key: changeKey('c', '7', 'eligibility', 'flag'),
  connector: 'c',
  employeeId: '7',
  displayName: 'Ada Lee',
  kind: 'eligibility',
  action: before === null || before.value === null ? 'create' : 'update',
  before,
  after: { value: 'not-eligible', reason: 'no practitioner credential' },
  reason: 'eligible -> not-eligible',
});
const written = { value: 'not-eligible', reason: 'no practitioner credential' };

const desired = {
  title: identity.title,
  description: 'Reach practitioner.\n[fluencyflow:FY2027:7]',
  dueDate: '2027-12-31',
  percentComplete: 40,
  status: 'on-track' as const,
  targetLevel: 'practitioner',
  marker: '[fluencyflow:FY2027:7]',
  referenceId: 'FLUENCY-FY2027-7',
  cycleStart: '2027-01-01',
};
const goal = (before: Record<string, unknown> | null, after = desired): Change => ({
  key: changeKey('c', '7', 'goal', 'FY2027'),
  connector: 'c',
  employeeId: '7',
  kind: 'goal',
  action: before === null ? 'create' : 'update',
  before: before === null ? null : currentGoal.parse({ id: 'g1', title: identity.title, ...before }),
  after,
  reason: 'goal g1: progress',
});

describe('judging manual changes (DESIGN §9)', () => {
  it('a flag that still holds what fluencyflow wrote is a normal update, even after a hand edit of another key', () => {
    const c = flag({ value: 'not-eligible', reason: 'no practitioner credential' });
    const planned = { ...c, after: { value: 'eligible' as const, reason: 'practitioner held' } };
    expect(judgeManualChange(planned, w(written), ctx())).toEqual({ change: planned, manual: null });
  });

  it('a flag a person changed since is kept by default: no write, listed with who and when', () => {
    const c = flag({
      value: 'eligible',
      reason: 'promoted by committee',
      changedBy: 'hrbp.jane',
      changedAt: '2027-06-01T09:30:00Z',
    });
    const { change, manual } = judgeManualChange(c, w(written), ctx());
    expect(change.action).toBe('noop');
    expect(manual).toMatchObject({
      handling: 'kept',
      kind: 'eligibility',
      held: 'eligible: promoted by committee',
      lastWritten: 'not-eligible: no practitioner credential',
      planned: 'not-eligible: no practitioner credential',
      changedBy: 'hrbp.jane',
      changedAt: '2027-06-01T09:30:00Z',
      displayName: 'Ada Lee',
    });
  });

  it('report writes nothing either; revert writes it back, marked as reverting a manual change', () => {
    const c = flag({ value: 'eligible', reason: 'by hand' });
    const reported = judgeManualChange(c, w(written), ctx({ policy: 'report' }));
    expect(reported.change.action).toBe('noop');
    expect(reported.manual?.handling).toBe('reported');
    const reverted = judgeManualChange(c, w(written), ctx({ policy: 'revert' }));
    expect(reverted.change).toMatchObject({ action: 'update', revertsManualChange: true, after: written });
    expect(reverted.change.reason).toMatch(/^reverting a manual change: /);
    expect(reverted.manual?.handling).toBe('reverted');
  });

  it('a cleared flag is a manual change too; a killed run may have left either side of its open intent', () => {
    expect(judgeManualChange(flag({ value: null, reason: '' }), w(written), ctx()).manual?.handling).toBe('kept');
    const intended = { value: 'eligible' as const, reason: 'practitioner held' };
    const killed = w(written, [{ before: written, after: intended }]);
    expect(judgeManualChange(flag(intended), killed, ctx()).manual).toBeNull();
    // A create that a killed run may not have made: the field is still empty, and that is no one's decision.
    const create: Written = { last: null, open: [{ before: null, after: intended }] };
    expect(judgeManualChange(flag(null), create, ctx()).manual).toBeNull();
    expect(judgeManualChange(flag({ value: 'eligible', reason: 'by hand' }), create, ctx()).manual?.handling).toBe(
      'kept',
    );
  });

  it('without history: an empty field is written, a differing value waits for --adopt', () => {
    expect(judgeManualChange(flag(null), undefined, ctx()).manual).toBeNull();
    expect(judgeManualChange(flag({ value: null, reason: '' }), undefined, ctx()).manual).toBeNull();
    // The same value with another reason is fluencyflow's wording moving on: written.
    expect(judgeManualChange(flag({ value: 'not-eligible', reason: 'old words' }), undefined, ctx()).manual).toBeNull();
    const differs = flag({ value: 'eligible', reason: 'by hand' });
    const waiting = judgeManualChange(differs, undefined, ctx({ policy: 'revert' }));
    expect(waiting.change.action).toBe('noop');
    expect(waiting.manual).toMatchObject({ handling: 'no-history', lastWritten: null });
    const adopted = judgeManualChange(differs, undefined, ctx({ adopt: true }));
    expect(adopted.change.action).toBe('update');
    expect(adopted.manual?.handling).toBe('adopted');
  });

  it("goals: a person's edit of fluencyflow's goal is drift; without history only goals not fluencyflow's own wait, and only where history was lost", () => {
    const held = { description: desired.description, dueDate: '2027-12-31', percentComplete: 40, status: 'on-track' };
    const moved = { ...desired, percentComplete: 60 };
    expect(judgeManualChange(goal(held, moved), w(desired), ctx()).manual).toBeNull();
    const closedByHand = judgeManualChange(goal({ ...held, closed: true }, moved), w(desired), ctx());
    expect(closedByHand.manual).toMatchObject({ handling: 'kept', held: `"${identity.title}", 40% on-track, closed` });
    expect(judgeManualChange(goal(null), w(desired), ctx()).manual?.held).toBe('no goal');
    const managers = { description: 'Created by the manager', percentComplete: 10 };
    expect(judgeManualChange(goal(managers), undefined, ctx()).manual).toBeNull();
    // A killed run's adoption of the manager's goal may not have landed: the goal it found is no one's new edit.
    const found = currentGoal.parse({ id: 'g1', title: identity.title, ...managers });
    expect(
      judgeManualChange(goal(managers), { last: null, open: [{ before: found, after: desired }] }, ctx()).manual,
    ).toBeNull();
    const edited = { ...managers, percentComplete: 30 };
    expect(
      judgeManualChange(goal(edited), { last: null, open: [{ before: found, after: desired }] }, ctx()).manual
        ?.handling,
    ).toBe('kept');
    // Half-written: reopened by the killed run but not yet replaced (two calls in BambooHR); each field is from
    // before or after the write, so no one touched it. A field with a third value is someone's edit.
    const closedFound = currentGoal.parse({ id: 'g1', title: identity.title, ...managers, closed: true });
    const half = { last: null, open: [{ before: closedFound, after: desired }] };
    expect(judgeManualChange(goal({ ...managers, closed: false }), half, ctx()).manual).toBeNull();
    expect(judgeManualChange(goal({ ...managers, closed: false, percentComplete: 40 }), half, ctx()).manual).toBeNull();
    expect(
      judgeManualChange(goal({ ...managers, closed: false, percentComplete: 25 }), half, ctx()).manual?.handling,
    ).toBe('kept');
    expect(judgeManualChange(goal(managers), undefined, ctx({ protectUnownedGoals: true })).manual?.handling).toBe(
      'no-history',
    );
    expect(judgeManualChange(goal(held, moved), undefined, ctx({ protectUnownedGoals: true })).manual).toBeNull();
  });

  it('a note fluencyflow wrote that is planned again was removed by a person', () => {
    const note: Change = {
      key: changeKey('c', '7', 'exception-note', '2027-02-01|G6'),
      connector: 'c',
      employeeId: '7',
      kind: 'exception-note',
      action: 'create',
      before: null,
      after: { promotionDate: '2027-02-01', fromGrade: 'G5', toGrade: 'G6', note: 'justification required' },
      reason: 'promotion',
    };
    expect(judgeManualChange(note, undefined, ctx()).manual).toBeNull();
    expect(judgeManualChange(note, w(note.after), ctx({ policy: 'report' })).manual).toMatchObject({
      handling: 'reported',
      held: 'no note',
    });
    // Only a note known to have landed counts: an open intent alone may never have been written.
    expect(
      judgeManualChange(note, { last: null, open: [{ before: null, after: note.after }] }, ctx()).manual,
    ).toBeNull();
  });
});

describe('onManualChange in the config', () => {
  it('defaults to keep, takes one value or one per kind', () => {
    expect(makeConfig().onManualChange).toBe('keep');
    const per = makeConfig({ onManualChange: { flag: 'keep', goal: 'revert', note: 'report' } }).onManualChange;
    const each = [
      manualPolicyFor(per, 'eligibility'),
      manualPolicyFor(per, 'goal'),
      manualPolicyFor(per, 'exception-note'),
    ];
    expect(each).toEqual(['keep', 'revert', 'report']);
    expect(manualPolicyFor({ goal: 'revert' }, 'eligibility')).toBe('keep');
    expect(manualPolicyFor('report', 'goal')).toBe('report');
  });

  it('a wrong value names the file, line and path, and the values allowed', () => {
    const fail = (value: unknown): string => {
      try {
        parseConfigText({ text: stringify({ ...baseConfigInput(), onManualChange: value }), path: 'fluencyflow.yaml' });
      } catch (e) {
        if (e instanceof ConfigError) return e.message;
        throw e;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail('undo')).toMatch(/fluencyflow\.yaml:\d+: onManualChange: expected keep, revert or report/);
    expect(fail('undo')).toContain('"undo"');
    expect(fail({ flag: 'kepp' })).toMatch(/onManualChange.*expected keep, revert or report/);
    expect(fail({ flags: 'keep' })).toMatch(/onManualChange/);
  });

  it('the JSON schema offers the values', () => {
    const schema = JSON.stringify(configJsonSchema(connectors));
    expect(schema).toContain('"onManualChange"');
    expect(schema).toMatch(/"enum":\["keep","revert","report"\]/);
  });
});
