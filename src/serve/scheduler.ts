import { Cron } from 'croner';
import { DateTime } from 'luxon';
import type { Config, Weekday } from '../../schemas/index.js';
import type { ServiceClock } from './clock.js';

export type Trigger = 'cycle-start' | 'weekly' | 'evidence';

export interface Job {
  trigger: Trigger;
  /** The first moment strictly after `from` this job runs, or null when it never runs again. */
  next(from: Date): Date | null;
}

const CRON_DAY: Readonly<Record<Weekday, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const hourMinute = (time: string): [number, number] => {
  const [h, m] = time.split(':').map(Number);
  return [h ?? 0, m ?? 0];
};

/** The jobs of the config's `schedule:`; times in `schedule.zone`, else the cycle's zone. */
export const jobsOf = (config: Config): Job[] => {
  const s = config.schedule;
  if (s === undefined) return [];
  const zone = s.zone ?? config.cycle.zone;
  const jobs: Job[] = [];
  if (s.cycleStart) {
    const at = DateTime.fromISO(`${config.cycle.start}T${s.cycleStart.time}`, { zone }).toJSDate();
    jobs.push({ trigger: 'cycle-start', next: (from) => (at.getTime() > from.getTime() ? at : null) });
  }
  if (s.weekly) {
    const [h, m] = hourMinute(s.weekly.time);
    // croner computes the next run in the zone, across daylight-saving changes; paused: it never fires on its own.
    const cron = new Cron(`${m} ${h} * * ${CRON_DAY[s.weekly.day]}`, { timezone: zone, paused: true });
    jobs.push({ trigger: 'weekly', next: (from) => cron.nextRun(from) });
  }
  if (s.evidence) {
    const every = s.evidence.everyMinutes * 60_000;
    jobs.push({ trigger: 'evidence', next: (from) => new Date((Math.floor(from.getTime() / every) + 1) * every) });
  }
  return jobs;
};

/**
 * Arms each job at its next moment on the clock; when one fires, `onFire` is called and the job is armed again for
 * the moment after. `onFire` must not throw (the runner records its failures).
 */
export class Scheduler {
  private timers = new Map<Trigger, { cancel(): void }>();
  private readonly nextAt = new Map<Trigger, Date>();

  constructor(
    private readonly jobs: readonly Job[],
    private readonly clock: ServiceClock,
    private readonly onFire: (trigger: Trigger, at: Date) => void,
  ) {}

  start(): void {
    for (const job of this.jobs) this.arm(job, this.clock.now());
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.nextAt.clear();
  }

  /** When each job runs next (for the page and `/readyz`). */
  upcoming(): { trigger: Trigger; at: string }[] {
    return [...this.nextAt].map(([trigger, at]) => ({ trigger, at: at.toISOString() }));
  }

  private arm(job: Job, from: Date): void {
    const at = job.next(from);
    this.nextAt.delete(job.trigger);
    if (at === null) return;
    this.nextAt.set(job.trigger, at);
    this.timers.set(
      job.trigger,
      this.clock.at(at, () => {
        this.onFire(job.trigger, at);
        // Strictly after both the moment it was due and now: a job fires once per moment, and a late timer (a
        // suspended machine) does not replay every moment missed.
        const now = this.clock.now();
        this.arm(job, now.getTime() > at.getTime() ? now : at);
      }),
    );
  }
}
