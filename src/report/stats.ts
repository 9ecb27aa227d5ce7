/** Summary of a list of numbers; quartiles by linear interpolation between order statistics (R type 7). */
export interface FiveNumbers {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

const quantileOfSorted = (sorted: readonly number[], p: number): number => {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
};

export const fiveNumbers = (values: readonly number[]): FiveNumbers | null => {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    n: list.length,
    min: list[0] ?? 0,
    q1: quantileOfSorted(list, 0.25),
    median: quantileOfSorted(list, 0.5),
    q3: quantileOfSorted(list, 0.75),
    max: list[list.length - 1] ?? 0,
  };
};

/** A share rounded to 4 decimals, so metrics.json and the page agree to the digit; null for an empty population. */
export const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** Rounded to 2 decimals (days per week). */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
