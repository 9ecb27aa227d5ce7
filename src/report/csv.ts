/** A cell a spreadsheet would run as a formula starts with one of these; such text gets a leading `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): text that a spreadsheet would read as a formula is defused with a leading `'`
 * (OWASP CSV injection advice); fields holding a comma, quote, CR or LF are quoted with quotes doubled.
 * Numbers are written as numbers, so a negative figure stays a number.
 */
export const csvField = (value: string | number | boolean | null | undefined): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Rows to CSV text with CRLF line ends (what spreadsheets expect), header first. */
export const toCsv = (
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string => [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
