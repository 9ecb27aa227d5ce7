import { excerpt } from '../../state/safe-text.js';
import { z } from 'zod';
import type { SubjectKind } from '../../state/evidence-store.js';
import { endDate, type DayResolver } from '../dates.js';
import { MAX_SALT_CHARS } from '../limits.js';
import { typesOf, type ExportDirectory } from './export-directory.js';

/**
 * The parts of an Open Badges assertion fluencyflow reads, from either version:
 * 2.0 `Assertion` (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html): `recipient`
 * (`identity` plain or `sha256$<hex>` / `md5$<hex>` of e-mail + `salt`), `badge` (BadgeClass URL, resolved in the
 * export folder, or object with `issuer`), `issuedOn`, `expires`, `revoked`, `verification`;
 * 3.0 `OpenBadgeCredential` (https://www.imsglobal.org/spec/ob/v3p0/): every `credentialSubject.identifier[]`
 * (IdentityObject `identityHash`, `identityType`, `hashed`, `salt`) and `credentialSubject.id` (`mailto:`),
 * `credentialSubject.achievement`, `issuer`, `validFrom` / `issuanceDate`, `validUntil` / `expirationDate`,
 * `credentialStatus`.
 */
export type Recipient = { identity: string; kind: SubjectKind; salt: string | null };

export interface Assertion {
  version: 2 | 3;
  /** Every identity the credential names (any one may match the employee). */
  recipients: Recipient[];
  classIds: string[];
  name: string;
  issuer: string;
  /** The issuer's id (profile URL or DID), when the credential or its BadgeClass names one. */
  issuerId: string | null;
  /** The issuer profile as the export (or the credential) gives it, for keys and revocation lists. */
  issuerProfile: unknown;
  id: string | null;
  issuedOn: string;
  /** The issue time in UTC when the credential gives one (not only a date). */
  issuedAt: string | null;
  expiresOn: string | null;
  verificationUrl: string | null;
  revoked: boolean;
}

const types = z.union([z.string(), z.array(z.string())]).optional();
const profile = z.union([
  z.string(),
  z.looseObject({ id: z.string().optional(), name: z.string().optional(), url: z.string().optional() }),
]);

const ob2 = z.looseObject({
  id: z.string().optional(),
  type: types,
  recipient: z.looseObject({
    type: z.string().optional(),
    identity: z.string().min(1),
    hashed: z.boolean().optional(),
    salt: z.string().nullable().optional(),
  }),
  badge: z.union([
    z.string(),
    z.looseObject({ id: z.string().optional(), name: z.string().optional(), issuer: profile.optional() }),
  ]),
  issuedOn: z.string(),
  expires: z.string().nullable().optional(),
  revoked: z.boolean().optional(),
});
const badgeClass = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  issuer: profile.optional(),
});

const identityObject = z.looseObject({
  identityHash: z.string().min(1),
  identityType: z.string().optional(),
  hashed: z.boolean().optional(),
  salt: z.string().nullable().optional(),
});
const achievement = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  creator: profile.optional(),
});
const subject = z.looseObject({
  id: z.string().optional(),
  identifier: z.union([identityObject, z.array(identityObject)]).optional(),
  achievement: z.union([z.string(), achievement]),
});
const ob3 = z.looseObject({
  id: z.string().optional(),
  type: types,
  issuer: profile,
  validFrom: z.string().optional(),
  issuanceDate: z.string().optional(),
  awardedDate: z.string().optional(),
  validUntil: z.string().nullable().optional(),
  expirationDate: z.string().nullable().optional(),
  credentialSubject: z.union([subject, z.array(subject).min(1)]),
  revoked: z.boolean().optional(),
});

const host = (url: string): string => {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
};
const httpUrl = (v: string | undefined): string | null => (v !== undefined && /^https?:\/\//i.test(v) ? v : null);
const isEmailType = (t: string | undefined): boolean => t === undefined || /^(email|emailaddress)$/i.test(t);
const HASH = /^(sha256|md5)\$/i;
const issues = (e: z.ZodError): string => e.issues.map((i) => i.path.join('.') || i.message).join(', ');

/** A profile by value, or by id from the export folder; its display name and id. */
const resolveProfile = (
  p: z.infer<typeof profile> | undefined,
  dir: ExportDirectory | undefined,
): { name: string; id: string | null; doc: unknown } => {
  if (p === undefined) return { name: '', id: null, doc: null };
  if (typeof p === 'string') {
    const found = dir?.get(p)?.value;
    const parsed = profile.safeParse(found);
    const name = parsed.success && typeof parsed.data !== 'string' ? parsed.data.name : undefined;
    return { name: name ?? host(p), id: p, doc: found ?? null };
  }
  const id = p.id ?? null;
  const fromDir = id === null ? undefined : dir?.get(id)?.value;
  return { name: p.name ?? (id !== null ? host(id) : p.url !== undefined ? host(p.url) : ''), id, doc: fromDir ?? p };
};

const recipient = (
  identity: string,
  type: string | undefined,
  hashed: boolean,
  salt: string | null | undefined,
): Recipient | { error: string } => {
  const isHash = hashed || HASH.test(identity);
  if (isHash && !isEmailType(type))
    return { error: `a hashed recipient of type ${excerpt(type ?? '')} cannot be matched (only e-mail hashes can)` };
  if (isHash && (salt ?? '').length > MAX_SALT_CHARS)
    return { error: `the recipient's salt is longer than ${MAX_SALT_CHARS} characters (the limit for a salt)` };
  if (isHash) return { identity, kind: 'email-hash', salt: salt ?? null };
  const plain = identity.replace(/^mailto:/i, '');
  return { identity: plain, kind: isEmailType(type) && plain.includes('@') ? 'email' : 'any', salt: null };
};

const isOb3 = (value: unknown): boolean =>
  typesOf(value).some((x) => /^(OpenBadgeCredential|AchievementCredential|VerifiableCredential)$/.test(x));

const parseOb3 = (
  value: unknown,
  days: DayResolver,
  dir: ExportDirectory | undefined,
): Assertion | { error: string } => {
  const r = ob3.safeParse(value);
  if (!r.success) return { error: `not an Open Badges 3.0 credential: ${issues(r.error)}` };
  const a = r.data;
  const s = [a.credentialSubject].flat()[0];
  if (s === undefined) return { error: 'credentialSubject is empty' };
  const found: (Recipient | { error: string })[] = (s.identifier === undefined ? [] : [s.identifier].flat()).map((i) =>
    recipient(i.identityHash, i.identityType, i.hashed === true, i.salt),
  );
  if (s.id !== undefined)
    found.push(recipient(s.id, s.id.toLowerCase().startsWith('mailto:') ? 'email' : 'id', false, null));
  const recipients = found.filter((x): x is Recipient => !('error' in x));
  const firstError = found.find((x): x is { error: string } => 'error' in x);
  if (recipients.length === 0)
    return firstError ?? { error: 'credentialSubject names no recipient (no identifier, no id)' };
  const ach =
    typeof s.achievement === 'string'
      ? achievement.safeParse(dir?.get(s.achievement)?.value)
      : { success: true as const, data: s.achievement };
  const achId = typeof s.achievement === 'string' ? s.achievement : s.achievement.id;
  const achName = ach.success ? ach.data.name : undefined;
  const classIds = achId !== undefined ? [achId] : [];
  const issuer = resolveProfile(a.issuer, dir);
  return dated(
    {
      version: 3,
      recipients,
      classIds,
      name: achName ?? classIds[0] ?? '',
      issuer: issuer.name,
      issuerId: issuer.id,
      issuerProfile: issuer.doc,
      id: a.id ?? null,
      verificationUrl: httpUrl(a.id),
      revoked: a.revoked === true,
    },
    a.validFrom ?? a.issuanceDate ?? a.awardedDate,
    a.validUntil ?? a.expirationDate,
    days,
  );
};

const parseOb2 = (
  value: unknown,
  days: DayResolver,
  dir: ExportDirectory | undefined,
): Assertion | { error: string } => {
  const r = ob2.safeParse(value);
  if (!r.success) return { error: `not an Open Badges assertion: ${issues(r.error)}` };
  const a = r.data;
  const who = recipient(a.recipient.identity, a.recipient.type, a.recipient.hashed === true, a.recipient.salt);
  if ('error' in who) return who;
  let cls: z.infer<typeof badgeClass>;
  if (typeof a.badge === 'string') {
    const entry = dir?.get(a.badge);
    const parsed = badgeClass.safeParse(entry?.value);
    // A BadgeClass URL not in the export: the badge is still named by its URL (the credentials map may know it).
    cls = parsed.success ? { ...parsed.data, id: parsed.data.id ?? a.badge } : { id: a.badge };
  } else cls = a.badge;
  const classIds = cls.id !== undefined ? [cls.id] : [];
  const issuer =
    cls.issuer === undefined && typeof a.badge === 'string'
      ? { name: host(a.badge), id: null, doc: null }
      : resolveProfile(cls.issuer, dir);
  return dated(
    {
      version: 2,
      recipients: [who],
      classIds,
      name: cls.name ?? classIds[0] ?? '',
      issuer: issuer.name,
      issuerId: issuer.id,
      issuerProfile: issuer.doc,
      id: a.id ?? null,
      verificationUrl: httpUrl(a.id),
      revoked: a.revoked === true,
    },
    a.issuedOn,
    a.expires,
    days,
  );
};

export const parseAssertion = (
  value: unknown,
  days: DayResolver,
  dir?: ExportDirectory,
): Assertion | { error: string } => (isOb3(value) ? parseOb3(value, days, dir) : parseOb2(value, days, dir));

const dated = (
  a: Omit<Assertion, 'issuedOn' | 'issuedAt' | 'expiresOn'>,
  issued: string | undefined,
  expires: string | null | undefined,
  days: DayResolver,
): Assertion | { error: string } => {
  if (issued === undefined) return { error: 'no issue date (issuedOn / validFrom)' };
  const issuedOn = days.isoOf(issued);
  if (issuedOn === null) return { error: `issue date ${excerpt(issued)} is not a date` };
  const expiry = expires === undefined || expires === null || expires === '' ? null : days.isoOf(expires);
  if (expires && expiry === null) return { error: `expiry ${excerpt(expires)} is not a date` };
  const expiresOn = endDate(expiry);
  if (a.name === '') return { error: 'the badge has no name or id' };
  const ms = /T\d{2}:\d{2}/.test(issued) ? Date.parse(issued) : NaN;
  return {
    ...a,
    issuer: a.issuer || 'unknown-issuer',
    issuedOn,
    issuedAt: Number.isFinite(ms) ? new Date(ms).toISOString() : null,
    expiresOn,
  };
};
