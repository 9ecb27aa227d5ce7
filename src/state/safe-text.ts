import { knownSecrets, redactText } from '../http/redact.js';

/** ANSI escape sequences (CSI, OSC, two-byte ESC forms) and every other C0/C1 control but tab and line feed. */
const ESCAPES = new RegExp(
  // Matching control characters is this file's job.
  // eslint-disable-next-line no-control-regex
  [/\u001b\[[0-?]*[ -/]*[@-~]/, /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/, /\u001b[@-_]/, /\u009b[0-?]*[ -/]*[@-~]/].map((r) => r.source).join('|'),
  'g',
);
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Terminal control characters removed (what a hostile HRIS name or file could hold), tab and newline kept. */
export const stripControls = (text: string): string => text.replace(ESCAPES, '').replace(CONTROLS, '');

export const MESSAGE_LIMIT = 400;

/**
 * An error message fit to store or print: known secrets masked, control characters removed, and at most `limit`
 * characters (a 20 MB header does not become a 20 MB error), the cut said in words.
 */
export const safeMessage = (text: string, limit = MESSAGE_LIMIT): string => {
  // Cut first (with room for secrets that straddle the cut), so redaction never scans megabytes.
  const head = text.length > limit * 4 ? text.slice(0, limit * 4) : text;
  const clean = stripControls(redactText(head, knownSecrets()));
  if (clean.length <= limit && text.length === head.length) return clean;
  return `${clean.slice(0, limit)}… (${text.length - limit} more characters cut)`;
};
