import { ensureBuilt } from './dist.js';

/** Once per `vitest run`, before any test file: the CLI tests start the compiled bin. */
export default async function setup(): Promise<void> {
  const done = await ensureBuilt();
  if (done !== 'dist/ is up to date') process.stderr.write(`global setup: ${done}\n`);
}
