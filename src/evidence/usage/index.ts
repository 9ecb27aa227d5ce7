/**
 * The usage summariser: a usage file (any format a reader scans) summed per subject per day in bounded memory.
 * `summariseUsage` is its one entry; every other file here is private to this folder (eslint.config.js).
 */
export { summariseUsage, type UsageScan, type UsageSummary } from './summary.js';
