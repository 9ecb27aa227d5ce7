import { describe, expect, it } from 'vitest';
import {
  hasReference,
  isGoalTitle,
  splitReferenceLine,
  type CurrentGoal,
  type GoalIdentity,
} from '../../../schemas/index.js';
import { describedWithReference, withReferenceRead } from '../../../src/connector-kit/goal-reference.js';

const identity: GoalIdentity = {
  cycleId: 'FY2027',
  title: 'AI fluency development goal FY2027',
  titles: ['AI fluency development goal FY2027', 'AI活用力の育成目標（FY2027）'],
  markerPrefix: '[fluencyflow:FY2027:',
  referenceIdPrefix: 'FLUENCY-FY2027-',
};
const goal = (description: string): CurrentGoal => ({
  id: '9',
  title: 'x',
  description,
  dueDate: null,
  percentComplete: 0,
  status: null,
  closed: false,
  referenceId: null,
});

describe('the reference line of HRIS without an external-key field', () => {
  it('is appended once and read back off, leaving the text for people', () => {
    const written = describedWithReference({
      description: '到達する。\n状況：順調',
      marker: 'Ref: FLUENCY-FY2027-1000',
    });
    expect(written).toBe('到達する。\n状況：順調\nRef: FLUENCY-FY2027-1000');
    expect(describedWithReference({ description: written, marker: 'Ref: FLUENCY-FY2027-1000' })).toBe(written);
    expect(withReferenceRead(goal(written), identity, '1000')).toMatchObject({
      description: '到達する。\n状況：順調',
      referenceId: 'FLUENCY-FY2027-1000',
    });
  });

  it('reads the marker goals carried before the reference line, so an upgrade adopts them', () => {
    const old = 'Reach the Practitioner level of AI fluency by 2027-12-31.\n[fluencyflow:FY2027:1000]';
    expect(hasReference(old, identity, '1000')).toBe(true);
    expect(withReferenceRead(goal(old), identity, '1000')).toMatchObject({
      description: 'Reach the Practitioner level of AI fluency by 2027-12-31.',
      referenceId: 'FLUENCY-FY2027-1000',
    });
  });

  it("never takes another employee's reference (1000 is not 100) or text that only mentions one", () => {
    expect(hasReference('Ref: FLUENCY-FY2027-1000', identity, '100')).toBe(false);
    expect(splitReferenceLine('Ref: FLUENCY-FY2027-1000', identity, '100').referenceId).toBeNull();
    expect(
      withReferenceRead(goal('see Ref: FLUENCY-FY2027-1000 above\nmore'), identity, '1000').referenceId,
    ).toBeNull();
  });

  it('adopts a goal by its name in any locale, without case or width differences', () => {
    expect(isGoalTitle(identity, 'AI活用力の育成目標（FY2027）')).toBe(true);
    expect(isGoalTitle(identity, ' ai fluency development goal fy2027 ')).toBe(true);
    expect(isGoalTitle(identity, 'Quarterly objective 1')).toBe(false);
  });
});
