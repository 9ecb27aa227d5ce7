/**
 * "Did you mean" for names an admin types into the config (grades, job families, departments, fields): the
 * closest known names by edit distance, compared without case, spaces, `-` and `_`. Pure.
 */
const fold = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

/** Levenshtein distance with two rows: the names compared are short (field names, grades). */
const editDistance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
};

/**
 * Up to `max` known names close to `typed`: same name folded, or within a third of its length in edits (at least
 * 1, at most 3), closest first.
 */
export const suggestions = (typed: string, known: Iterable<string>, max = 3): string[] => {
  const t = fold(typed);
  const limit = Math.min(3, Math.max(1, Math.floor(t.length / 3)));
  const scored: { name: string; d: number }[] = [];
  for (const name of new Set(known)) {
    const d = editDistance(t, fold(name));
    const contains = t.length >= 4 && (fold(name).includes(t) || t.includes(fold(name)));
    if (d <= limit || contains) scored.push({ name, d });
  }
  return scored
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, max)
    .map((s) => s.name);
};

/** ` (did you mean "G6"?)`, or an empty string when nothing is close. */
export const didYouMean = (typed: string, known: Iterable<string>): string => {
  const s = suggestions(typed, known);
  return s.length === 0 ? '' : ` (did you mean ${s.map((x) => `"${x}"`).join(' or ')}?)`;
};
