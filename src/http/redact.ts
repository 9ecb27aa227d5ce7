/**
 * Masks secrets in anything that may be printed: known secret values wherever they appear, and the values of
 * keys that hold credentials (headers, form fields, SOAP elements).
 */
const SECRET_KEY_NAMES = [
  'authorization',
  'proxy-authorization',
  'password',
  'passwd',
  'apikey',
  'api_key',
  'client_secret',
  'clientsecret',
  'assertion',
  'access_token',
  'refresh_token',
  'token',
  'privatekey',
  'private_key',
  'cookie',
  'set-cookie',
  'wsse:password',
  'password_text',
];
/** A key holding a credential, in any case (the names have no character special in a regular expression). */
const SECRET_KEYS = new RegExp(`^(${SECRET_KEY_NAMES.join('|')})$`, 'i');

const REDACTED = '[redacted]';

export const redactText = (text: string, secrets: readonly string[]): string => {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  // Basic and Bearer credentials, and password elements in SOAP envelopes.
  out = out.replace(/(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
  out = out.replace(/(<(?:[\w-]+:)?Password\b[^>]*>)[^<]*(<\/(?:[\w-]+:)?Password>)/gi, `$1${REDACTED}$2`);
  out = out.replace(/((?:access_token|refresh_token|assertion|client_secret)=)[^&\s"]+/gi, `$1${REDACTED}`);
  return out;
};

export const redactValue = (value: unknown, secrets: readonly string[], depth = 0): unknown => {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEYS.test(k) ? REDACTED : redactValue(v, secrets, depth + 1);
    return out;
  }
  return value;
};

/** A process-wide registry of secret values, filled as secrets are resolved, read by every printer. */
const known = new Set<string>();
export const registerSecret = (value: string): void => {
  if (value.length >= 4) known.add(value);
};
export const knownSecrets = (): string[] => [...known];
