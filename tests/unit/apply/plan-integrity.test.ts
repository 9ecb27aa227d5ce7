import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change, Plan } from '../../../schemas/index.js';
import { matchSavedPlan } from '../../../src/apply/match-plan.js';
import { planFileText, readPlanFile } from '../../../src/apply/plan-file.js';
import { PlanTamperedError } from '../../../src/errors.js';
import { flagChange, planOf } from './helpers.js';

const flag = (employeeId: string, value: 'eligible' | 'not-eligible', action: Change['action'] = 'update'): Change =>
  flagChange(employeeId, value, action, `${value} by policy`);

const updatesPlan = (changes: Change[]): Plan =>
  planOf(changes, { employees: 2, judged: 2, create: 0, update: changes.length, noop: 0, byKind: {}, issues: {} });

describe('matchSavedPlan', () => {
  const fresh = [flag('1', 'not-eligible'), flag('2', 'eligible'), flag('3', 'eligible', 'noop')];

  it("returns the engine's own changes for the saved keys, leaving out what the saved plan left out", () => {
    const saved = [{ ...flag('2', 'eligible'), reason: 'shown differently' }];
    const out = matchSavedPlan(saved, fresh);
    expect(out).toEqual([fresh[1]]);
  });

  it('refuses a changed after, a made-up change and a changed action, naming each; returns nothing', () => {
    const saved = [
      flag('1', 'eligible'),
      { ...flag('9', 'eligible'), key: 'k-forged' },
      flag('3', 'eligible', 'create'),
    ];
    let caught: unknown;
    try {
      matchSavedPlan(saved, fresh);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PlanTamperedError);
    const message = caught instanceof Error ? caught.message : '';
    expect(message).toContain('3 changes');
    expect(message).toContain('k-1 (eligibility of us/1): differs');
    expect(message).toContain('k-forged (eligibility of us/9): not a change fluencyflow plans');
    expect(message).toContain('k-3 (eligibility of us/3): differs');
  });
});

describe('plan files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ff-planfile-'));

  it('reads back a file written with its digest', async () => {
    const file = join(dir, 'ok.json');
    const plan = updatesPlan([flag('1', 'eligible')]);
    writeFileSync(file, planFileText(plan));
    expect(await readPlanFile(file)).toEqual(plan);
  });

  it('refuses a file whose content no longer matches its digest, and one without a digest', async () => {
    const edited = join(dir, 'edited.json');
    writeFileSync(
      edited,
      planFileText(updatesPlan([flag('1', 'not-eligible')])).replace('"not-eligible"', '"eligible"'),
    );
    await expect(readPlanFile(edited)).rejects.toThrow(/edited\.json was edited after/);
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify(updatesPlan([])));
    await expect(readPlanFile(bare)).rejects.toThrow(PlanTamperedError);
  });

  it('refuses an unknown key added to the file (zod would drop it silently)', async () => {
    const file = join(dir, 'extra.json');
    const text = planFileText(updatesPlan([]));
    writeFileSync(file, text.replace('"format"', '"approvedBy": "CEO",\n  "format"'));
    await expect(readPlanFile(file)).rejects.toThrow(PlanTamperedError);
  });
});
