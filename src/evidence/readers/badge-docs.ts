/**
 * The documents of one badge export file, each with the line it starts on: a JSON value, a JSON array of them,
 * JSON lines, or signed compact forms (`.jws` OB 2.0 signed assertions, `.jwt` VC-JWT; one per line). A compact
 * form's payload is decoded here; its signature is checked by src/evidence/readers/verify.
 */
import { parserMessage } from '../../state/safe-text.js';

export type BadgeDoc =
  | { line: number; item: number | null; value: unknown; token: string | null }
  | { line: number; item: number | null; error: string };

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export const isCompact = (s: string): boolean => COMPACT.test(s);

/** The JSON payload of a compact JWS, or why it cannot be read. */
export const compactPayload = (token: string): { value: unknown } | { error: string } => {
  const [head, body] = token.split('.');
  try {
    const header: unknown = JSON.parse(Buffer.from(head ?? '', 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || !('alg' in header))
      return { error: 'signed form without an "alg" header' };
  } catch {
    return { error: 'signed form whose header is not JSON' };
  }
  try {
    return { value: JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) };
  } catch {
    return { error: 'signed form whose payload is not JSON' };
  }
};

const fromToken = (line: number, item: number | null, token: string): BadgeDoc => {
  const p = compactPayload(token);
  return 'error' in p ? { line, item, error: p.error } : { line, item, value: p.value, token };
};

const fromValue = (line: number, item: number | null, value: unknown): BadgeDoc =>
  typeof value === 'string' && isCompact(value.trim())
    ? fromToken(line, item, value.trim())
    : { line, item, value, token: null };

export const badgeDocuments = (text: string): BadgeDoc[] => {
  const trimmed = text.trim();
  if (isCompact(trimmed)) return [fromToken(1, null, trimmed)];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map((v: unknown, i) => fromValue(1, i + 1, v)) : [fromValue(1, null, value)];
  } catch {
    return text.split('\n').flatMap((raw, i): BadgeDoc[] => {
      const s = raw.trim();
      if (s === '') return [];
      if (isCompact(s)) return [fromToken(i + 1, null, s)];
      try {
        return [fromValue(i + 1, null, JSON.parse(s))];
      } catch (err) {
        return [
          {
            line: i + 1,
            item: null,
            error: `neither JSON nor a signed compact form: ${parserMessage(err)}`,
          },
        ];
      }
    });
  }
};
