/**
 * One regular expression from several, read in order, so that a long pattern can be written over several lines:
 * `pattern(/^a: /, /b$/)` matches what /^a: b$/ matches. The parts keep their escapes; flags go in `flags`.
 */
export const pattern = (parts: readonly RegExp[], flags = ''): RegExp =>
  new RegExp(parts.map((p) => p.source).join(''), flags);
