/**
 * "Did you mean": the closest name to a misspelt field or table reference. Pure. Names are compared without case,
 * spaces or punctuation, so `customAiFluencyEligibilty` finds `customAIFluencyEligibility`.
 */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
};

/** The candidate closest to `wanted`, if one is close enough to be a plausible typo or renaming. */
export const closest = (wanted: string, candidates: readonly string[]): string | undefined => {
  const w = squash(wanted);
  if (w === '') return undefined;
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const c = squash(name);
    if (c === '') continue;
    // One contained in the other (customJobFamily / JobFamily) counts as close.
    const score = c.includes(w) || w.includes(c) ? Math.abs(c.length - w.length) / 4 : distance(w, c);
    if (best === undefined || score < best.score) best = { name, score };
  }
  const limit = Math.max(2, Math.floor(w.length / 4));
  return best !== undefined && best.score <= limit ? best.name : undefined;
};

/** ` Did you mean "x"?` or nothing. */
export const didYouMean = (wanted: string, candidates: readonly string[]): string => {
  const hit = closest(wanted, candidates);
  return hit === undefined ? '' : ` Did you mean "${hit}"?`;
};
