import { describe, expect, it } from 'vitest';
import { jobsOf, Scheduler, type Trigger } from '../../../src/serve/scheduler.js';
import { config as configSchema } from '../../../schemas/index.js';
import { baseConfigInput, makeConfig } from '../../helpers/config.js';
import { fakeClock } from '../../helpers/fake-clock.js';

const cycle = { id: 'FY2027', start: '2027-03-01', end: '2027-12-31', zone: 'Europe/Berlin' };

const run = (schedule: Record<string, unknown>, start: string, until: string) => {
  const config = makeConfig({ cycle, schedule });
  const clock = fakeClock(start);
  const fired: { trigger: Trigger; at: string }[] = [];
  const scheduler = new Scheduler(jobsOf(config), clock, (trigger, at) =>
    fired.push({ trigger, at: at.toISOString() }),
  );
  scheduler.start();
  clock.advanceTo(until);
  return { fired, scheduler };
};

describe('the schedule on an injected clock', () => {
  it('runs weekly at the local time of the zone, across the change to summer time', () => {
    const { fired } = run({ weekly: { day: 'monday', time: '06:00' } }, '2027-03-17T12:00:00Z', '2027-04-06T00:00:00Z');
    // Berlin is UTC+1 until 28 March 2027, UTC+2 after: 06:00 local is 05:00Z, then 04:00Z.
    expect(fired).toEqual([
      { trigger: 'weekly', at: '2027-03-22T05:00:00.000Z' },
      { trigger: 'weekly', at: '2027-03-29T04:00:00.000Z' },
      { trigger: 'weekly', at: '2027-04-05T04:00:00.000Z' },
    ]);
  });

  it('runs once on the cycle start, and never again', () => {
    const { fired, scheduler } = run({ cycleStart: { time: '07:30' } }, '2027-02-20T00:00:00Z', '2027-06-01T00:00:00Z');
    expect(fired).toEqual([{ trigger: 'cycle-start', at: '2027-03-01T06:30:00.000Z' }]);
    expect(scheduler.upcoming()).toEqual([]);
  });

  it('does not run the cycle start when the service starts after it', () => {
    const { fired } = run({ cycleStart: {} }, '2027-03-02T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(fired).toEqual([]);
  });

  it('checks the evidence folder every few minutes, once per moment', () => {
    const { fired } = run(
      { evidence: { folder: 'inbox', kind: 'certifications', everyMinutes: 10 } },
      '2027-05-01T10:03:00Z',
      '2027-05-01T10:45:00Z',
    );
    expect(fired.map((f) => f.at)).toEqual([
      '2027-05-01T10:10:00.000Z',
      '2027-05-01T10:20:00.000Z',
      '2027-05-01T10:30:00.000Z',
      '2027-05-01T10:40:00.000Z',
    ]);
  });

  it('uses schedule.zone over the cycle zone, and says what comes next', () => {
    const { fired, scheduler } = run(
      { zone: 'Asia/Tokyo', weekly: { day: 'friday', time: '09:15' } },
      '2027-05-01T00:00:00Z',
      '2027-05-08T00:00:00Z',
    );
    expect(fired).toEqual([{ trigger: 'weekly', at: '2027-05-07T00:15:00.000Z' }]);
    expect(scheduler.upcoming()).toEqual([{ trigger: 'weekly', at: '2027-05-14T00:15:00.000Z' }]);
  });

  it('rejects a schedule the config cannot mean, naming the path', () => {
    const input: unknown = { ...baseConfigInput(), cycle, schedule: { weekly: { day: 'mon', time: '6am' } } };
    const parsed = configSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issues = parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues).toEqual([
      'schedule.weekly.day: expected a weekday (monday ... sunday), got "mon"',
      'schedule.weekly.time: expected a time HH:MM (24-hour)',
    ]);
  });
});
