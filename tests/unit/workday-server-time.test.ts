import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createServerTime } from '../../connectors/workday/server-time.js';

/** A local monotonic clock the test moves, and Workday's clock at a fixed offset from it. */
const clocks = (offset: number) => {
  let local = 0;
  return {
    local: () => local,
    advance: (ms: number) => (local += ms),
    workday: () => local + offset,
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
        fc.nat(5_000),
        async (offset, exchanges, pause) => {
          const c = clocks(offset);
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
          // At most a second and the round trip of the tightest answer.
          expect(waited).toBeLessThanOrEqual(1_000 + 800 + 1);
          // The lower bound never passes Workday's time.
          expect(Date.parse(t.now() ?? '')).toBeLessThanOrEqual(c.workday());
        },
      ),
    );
  });
});
