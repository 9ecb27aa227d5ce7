/**
 * "Did you mean" for misspelt field, table and column references, in the sentence form BambooHR's set-up messages use.
 * The matching itself is the shared one (`src/connector-kit/did-you-mean.ts`).
 */
import { suggestions } from '../../src/connector-kit/did-you-mean.js';

/** The candidate closest to `wanted`, if one is close enough to be a plausible typo or renaming. */
export const closest = (wanted: string, candidates: readonly string[]): string | undefined =>
  suggestions(wanted, candidates, 1)[0];

/** ` Did you mean "x"?` or nothing. */
export const didYouMean = (wanted: string, candidates: readonly string[]): string => {
  const hit = closest(wanted, candidates);
  return hit === undefined ? '' : ` Did you mean "${hit}"?`;
};
