/**
 * The limits every evidence file is read under (docs/evidence.md, "Limits"). Each one is either a row error
 * (counted with the file's bad rows, the rest of the file read) or an error naming the file and line that stops
 * the import; a file never makes the process hold more than a line's worth of it in memory.
 */

/** Longest line of an NDJSON file (a badge with a baked image can be megabytes). Over it: the file is refused. */
export const NDJSON_LINE_BYTES = 64 << 20;

/**
 * Largest badge file (JSON, JSON lines or signed forms, after gunzip): a JSON document is parsed whole, so it is
 * held in memory. Over it: the file is refused (split a large export into several files in a folder).
 */
export const BADGE_FILE_BYTES = 256 << 20;

/** Longest CSV record (its line, or lines when a quoted field holds line breaks). Over it: the file is refused. */
export const CSV_RECORD_BYTES = 1 << 20;

/** Longest CSV header line. Over it: the file is refused (a header is a few hundred bytes). */
export const CSV_HEADER_BYTES = 64 << 10;

/** Longest CSV field, in characters. Over it: that row is refused and counted. */
export const CSV_FIELD_CHARS = 16 << 10;

/** Most events one usage line (one person, one day or one event) may count. Over it: that row is refused. */
export const MAX_EVENTS = 1_000_000;

/** Most minutes saved one usage line may claim: a day has 1,440. Over it: that row is refused. */
export const MAX_MINUTES = 1_440;

/**
 * Most e-mail hashes a plan computes for salted Open Badges recipients (each distinct salt costs one hash per
 * spelling of each employee's work e-mail). Credentials beyond it stay unmatched, counted in EVIDENCE_HASH_BUDGET.
 */
export const HASH_BUDGET = 2_000_000;

/**
 * Longest salt of a hashed Open Badges recipient (issuers write 8 to 64 characters). Over it: that badge is refused.
 */
export const MAX_SALT_CHARS = 256;
