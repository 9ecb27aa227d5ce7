/**
 * FNV-1a over a subject's UTF-8 bytes: the usage line parser hashes the subject while it scans the line, and the
 * summariser's table of subjects looks it up by that hash, so both must use this one function.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const fnvStep = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193);
