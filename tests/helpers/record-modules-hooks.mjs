// The loader hooks of record-modules.mjs (they run on Node's hooks thread, so they write the log synchronously).
import { appendFileSync } from 'node:fs';

let log;
export const initialize = (data) => {
  log = data.log;
};
export const load = async (url, context, next) => {
  if (log) appendFileSync(log, `${url}\n`);
  return next(url, context);
};
