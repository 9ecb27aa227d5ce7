import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createServerTime } from '../../connectors/workday/server-time.js';

/** A local monotonic clock the test moves, and Workday's clock at an offset from it, drifting by `ppm`. */
const clocks = (offset: number, ppm = 0) => {
  let local = 0;
  return {
    local: () => local,
    advance: (ms: number) => (local += ms),
    workday: () => Math.floor(local * (1 + ppm / 1e6) + offset),
  };
};

const answer = (workdayMs: number) => ({ headers: { date: new Date(workdayMs).toUTCString() } });

describe("Workday's time from whole-second Date headers", () => {
  it('knows nothing before an answer', async () => {
    const t = createServerTime(() => 0);
    expect(t.now()).toBeNull();
    expect(await t.settled(async () => {})).toBeNull();
  });

  it('settles on a moment no earlier than Workday time when asked and no later than when it returns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.array(fc.record({ gap: fc.nat(3_000), before: fc.nat(400), after: fc.nat(400) }), {
          minLength: 1,
          maxLength: 6,
        }),
        // Up to an hour later, with the clocks drifting apart by up to 150 ppm.
        fc.oneof(fc.nat(5_000), fc.nat(3_600_000)),
        fc.integer({ min: -150, max: 150 }),
        async (offset, exchanges, pause, ppm) => {
          const c = clocks(offset, ppm);
          const t = createServerTime(c.local);
          for (const [i, x] of exchanges.entries()) {
            c.advance(x.gap);
            t.sending(String(i));
            c.advance(x.before);
            // Dated when Workday answers: the whole second it is in.
            const date = Math.floor(c.workday() / 1000) * 1000;
            c.advance(x.after);
            t.seen(answer(date), String(i));
          }
          c.advance(pause);
          const asked = c.workday();
          let waited = 0;
          const moment = await t.settled(async (ms) => {
            waited += ms;
            c.advance(ms);
          });
          const at = Date.parse(moment ?? '');
          expect(at).toBeGreaterThanOrEqual(asked);
          expect(at).toBeLessThanOrEqual(c.workday());
          // At most a second, the round trip of the tightest answer, the margin and the drift allowance.
          expect(waited).toBeLessThanOrEqual(1_000 + 800 + 50 + 2 * 2e-4 * 3_700_000);
          // The lower bound never passes Workday's time.
          expect(Date.parse(t.now() ?? '')).toBeLessThanOrEqual(c.workday());
        },
      ),
    );
  });
});
