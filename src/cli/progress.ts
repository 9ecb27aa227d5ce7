import cliProgress from 'cli-progress';
import type { Output } from './output.js';

/** A progress bar on a terminal; silent when output is not a TTY or with --json. */
export const createProgress = (out: Output) => {
  if (!out.interactive) return { update: (_p: string, _d: number, _t: number | null) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {value}/{total}', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(phase: string, done: number, total: number | null) {
      if (!started) {
        bar.start(total ?? Math.max(done, 1), done, { phase });
        started = true;
      }
      if (total !== null) bar.setTotal(total);
      else if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
};
