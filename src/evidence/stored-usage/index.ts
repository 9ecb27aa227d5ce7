/**
 * The stored form of use: one subject's days as a varint-packed blob (codec.ts), many subjects' blobs packed into
 * one state-store row (pack.ts) on import, and read back into one arena for every employee (arena.ts) on load.
 * What the rest of src/evidence may use; every other file here is private to this folder (eslint.config.js).
 */
export { UsagePacker, forEachPacked } from './pack.js';
export { UsageArena } from './arena.js';
