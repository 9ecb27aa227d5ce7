/** The label of the row that holds every group too small to show alone. */
export const OTHER = 'Other';

export interface Group<T> {
  label: string;
  members: T[];
}

interface ShownGroup<T> extends Group<T> {
  /** How many original groups this one holds (more than 1 only for `Other`). */
  mergedGroups: number;
}

export interface PrivacyOutcome<T> {
  groups: ShownGroup<T>[];
  /** Original groups shown only inside `Other`. */
  merged: number;
  /** Original groups left out entirely. */
  suppressed: number;
}

export interface PrivacyOptions<T> {
  minGroupSize: number;
  /**
   * `merge` for categories (departments, grades, levels); `suppress` for ordered series (quarters), which cannot be
   * pooled.
   */
  mode: 'merge' | 'suppress';
  /** The group's population; defaults to its member count. */
  size?: (members: readonly T[]) => number;
}

/**
 * The one minimum-group-size rule every table and figure of the dashboard goes through. No group smaller than
 * `minGroupSize` is shown alone: in `merge` mode small groups are pooled into `Other`; when `Other` is still too
 * small, the next smallest groups join it until it is big enough (so no small group can be recovered by
 * subtracting the shown rows from an organisation-wide total), and only when the whole table is too small is
 * `Other` suppressed. In `suppress` mode small groups are left out. Order of the shown groups is kept;
 * `Other` comes last. A real group named `Other` is pooled with the rest.
 */
export const applyMinGroupSize = <T>(input: readonly Group<T>[], options: PrivacyOptions<T>): PrivacyOutcome<T> => {
  const sizeOf = options.size ?? ((m: readonly T[]) => m.length);
  const min = options.minGroupSize;
  const sized = input.filter((g) => g.members.length > 0).map((g, order) => ({ ...g, order, size: sizeOf(g.members) }));

  if (options.mode === 'suppress') {
    const shown = sized.filter((g) => g.size >= min);
    return {
      groups: shown.map(({ label, members }) => ({ label, members, mergedGroups: 1 })),
      merged: 0,
      suppressed: sized.length - shown.length,
    };
  }

  const pooled = sized.filter((g) => g.size < min || g.label === OTHER);
  const kept = sized.filter((g) => !pooled.includes(g));
  if (pooled.length === 0)
    return {
      groups: kept.map(({ label, members }) => ({ label, members, mergedGroups: 1 })),
      merged: 0,
      suppressed: 0,
    };

  let other = pooled.flatMap((g) => g.members);
  let otherCount = pooled.length;
  // Smallest first (ties by label), so the least information is folded into Other.
  const candidates = [...kept].sort((a, b) => a.size - b.size || a.label.localeCompare(b.label));
  const folded = new Set<string>();
  while (sizeOf(other) < min) {
    const next = candidates.shift();
    if (!next) break;
    other = other.concat(next.members);
    otherCount += 1;
    folded.add(next.label);
  }
  const shown = kept
    .filter((g) => !folded.has(g.label))
    .map(({ label, members }) => ({ label, members, mergedGroups: 1 }));
  // A real group named Other that is big enough was not merged: it only shares the row.
  const realOther = pooled.filter((g) => g.label === OTHER && g.size >= min).length;
  if (sizeOf(other) < min) return { groups: shown, merged: 0, suppressed: otherCount };
  return {
    groups: [...shown, { label: OTHER, members: other, mergedGroups: otherCount }],
    merged: otherCount - realOther,
    suppressed: 0,
  };
};

/** Members grouped by a key, in first-seen order (callers sort afterwards when the order means something). */
export const groupBy = <T>(items: Iterable<T>, keyOf: (item: T) => string): Group<T>[] => {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return [...map].map(([label, members]) => ({ label, members }));
};
