import { knownSecrets, redactText } from '../http/redact.js';

/** ANSI escape sequences (CSI, OSC, two-byte ESC forms) and every other C0/C1 control but tab and line feed. */
/* eslint-disable no-control-regex -- matching control characters is this file's job */
const ESCAPES = new RegExp(
  [
    /\u001b\[[0-?]*[ -/]*[@-~]/,
    /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/,
    /\u001b[@-_]/,
    /\u009b[0-?]*[ -/]*[@-~]/,
  ]
    .map((r) => r.source)
    .join('|'),
  'g',
);
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

/** Terminal control characters removed (what a hostile HRIS name or file could hold), tab and newline kept. */
export const stripControls = (text: string): string => text.replace(ESCAPES, '').replace(CONTROLS, '');

export const MESSAGE_LIMIT = 400;

/** What JSON.stringify leaves raw but a terminal acts on: DEL, C1 controls, bidirectional overrides. */
const INVISIBLE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

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

/**
 * A short excerpt of file content for an error: at most `limit` characters, known secrets masked, written as a
 * JSON string so control characters and quotes show escaped (`"ab\\u001b..."`), the cut marked with `…`.
 */
export const excerpt = (text: string, limit = 40): string => {
  const head = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return JSON.stringify(redactText(head, knownSecrets())).replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
};

// eslint-disable-next-line no-control-regex
const ALL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * What a parser said about content, without V8's quote of it: control characters written as `\\uXXXX`, known
 * secrets masked, at most `limit` characters.
 */
export const parserMessage = (e: unknown, limit = 160): string => {
  // V8 quotes the start of the text it could not parse (`Unexpected token 'r', "root:$6$sa"... is not valid JSON`):
  // that excerpt is left out, the token and the position stay.
  const raw = (e instanceof Error ? e.message : String(e)).replace(
    /, "[\s\S]*"(?:\.\.\.)? is not valid JSON$/,
    ' (not valid JSON)',
  );
  const text = redactText(raw, knownSecrets());
  const escaped = text.replace(ALL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > limit ? `${escaped.slice(0, limit)}…` : escaped;
};
