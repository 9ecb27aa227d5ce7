import { z } from 'zod';
import type { SubjectKind } from '../state/evidence-store.js';
import type { DayResolver } from './dates.js';

/**
 * The parts of an Open Badges assertion fluencyflow reads, from either version:
 * 2.0 `Assertion` (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html): `recipient`
 * (`identity` plain or `sha256$<hex>` of e-mail + `salt`), `badge` (BadgeClass URL or object with `issuer`),
 * `issuedOn`, `expires`, `revoked`;
 * 3.0 `OpenBadgeCredential` (https://www.imsglobal.org/spec/ob/v3p0/): `credentialSubject.identifier[]`
 * (IdentityObject `identityHash`, `identityType`, `salt`) or `credentialSubject.id` (`mailto:`),
 * `credentialSubject.achievement`, `issuer`, `validFrom` / `issuanceDate`, `validUntil` / `expirationDate`.
 */
export interface Assertion {
  identity: string;
  kind: SubjectKind;
  salt: string | null;
  classIds: string[];
  name: string;
  issuer: string;
  issuedOn: string;
  expiresOn: string | null;
  verificationUrl: string | null;
  revoked: boolean;
}

const types = z.union([z.string(), z.array(z.string())]).optional();
const profile = z.union([z.string(), z.looseObject({ id: z.string().optional(), name: z.string().optional(), url: z.string().optional() })]);

const ob2 = z.looseObject({
  id: z.string().optional(),
  type: types,
  recipient: z.looseObject({
    type: z.string().optional(),
    identity: z.string().min(1),
    hashed: z.boolean().optional(),
    salt: z.string().nullable().optional(),
  }),
  badge: z.union([z.string(), z.looseObject({ id: z.string().optional(), name: z.string().optional(), issuer: profile.optional() })]),
  issuedOn: z.string(),
  expires: z.string().nullable().optional(),
  revoked: z.boolean().optional(),
});

const identityObject = z.looseObject({
  identityHash: z.string().min(1),
  identityType: z.string().optional(),
  hashed: z.boolean().optional(),
  salt: z.string().nullable().optional(),
});
const subject = z.looseObject({
  id: z.string().optional(),
  identifier: z.union([identityObject, z.array(identityObject)]).optional(),
  achievement: z.union([z.string(), z.looseObject({ id: z.string().optional(), name: z.string().optional(), creator: profile.optional() })]),
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

const typeList = (v: unknown): string[] =>
  typeof v === 'object' && v !== null && 'type' in v ? [v.type].flat().filter((t): t is string => typeof t === 'string') : [];

const host = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};
const profileName = (p: z.infer<typeof profile> | undefined): string =>
  p === undefined ? '' : typeof p === 'string' ? host(p) : (p.name ?? (p.id !== undefined ? host(p.id) : p.url !== undefined ? host(p.url) : ''));
const httpUrl = (v: string | undefined): string | null => (v !== undefined && /^https?:\/\//i.test(v) ? v : null);
const isEmailType = (t: string | undefined): boolean => t === undefined || /^(email|emailaddress)$/i.test(t);

type Recipient = { identity: string; kind: SubjectKind; salt: string | null };

const recipient = (identity: string, type: string | undefined, hashed: boolean, salt: string | null | undefined): Recipient | { error: string } => {
  const isHash = hashed || /^(sha256|md5)\$/i.test(identity);
  if (isHash && !isEmailType(type)) return { error: `a hashed recipient of type "${type ?? ''}" cannot be matched (only e-mail hashes can)` };
  if (isHash) return { identity, kind: 'email-hash', salt: salt ?? null };
  const plain = identity.replace(/^mailto:/i, '');
  return { identity: plain, kind: isEmailType(type) && plain.includes('@') ? 'email' : 'any', salt: null };
};

export const parseAssertion = (value: unknown, days: DayResolver): Assertion | { error: string } => {
  const t = typeList(value);
  const v3 = t.some((x) => /^(OpenBadgeCredential|AchievementCredential|VerifiableCredential)$/.test(x));
  if (v3) {
    const r = ob3.safeParse(value);
    if (!r.success) return { error: `not an Open Badges 3.0 credential: ${r.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}` };
    const a = r.data;
    const s = [a.credentialSubject].flat()[0];
    if (s === undefined) return { error: 'credentialSubject is empty' };
    const ids = s.identifier === undefined ? [] : [s.identifier].flat();
    const first = ids[0];
    const who: Recipient | { error: string } =
      first !== undefined
        ? recipient(first.identityHash, first.identityType, first.hashed === true, first.salt)
        : s.id !== undefined
          ? recipient(s.id, s.id.toLowerCase().startsWith('mailto:') ? 'email' : 'id', false, null)
          : { error: 'credentialSubject names no recipient (no identifier, no id)' };
    if ('error' in who) return who;
    const achievement = s.achievement;
    const classIds = typeof achievement === 'string' ? [achievement] : achievement.id !== undefined ? [achievement.id] : [];
    const name = typeof achievement === 'string' ? achievement : (achievement.name ?? classIds[0] ?? '');
    return dated(who, classIds, name, profileName(a.issuer), a.validFrom ?? a.issuanceDate ?? a.awardedDate, a.validUntil ?? a.expirationDate, httpUrl(a.id), a.revoked === true, days);
  }
  const r = ob2.safeParse(value);
  if (!r.success) return { error: `not an Open Badges assertion: ${r.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}` };
  const a = r.data;
  const who = recipient(a.recipient.identity, a.recipient.type, a.recipient.hashed === true, a.recipient.salt);
  if ('error' in who) return who;
  const badge = a.badge;
  const classIds = typeof badge === 'string' ? [badge] : badge.id !== undefined ? [badge.id] : [];
  const name = typeof badge === 'string' ? badge : (badge.name ?? classIds[0] ?? '');
  const issuer = typeof badge === 'string' ? host(badge) : profileName(badge.issuer);
  return dated(who, classIds, name, issuer, a.issuedOn, a.expires, httpUrl(a.id), a.revoked === true, days);
};

const dated = (
  who: Recipient,
  classIds: string[],
  name: string,
  issuer: string,
  issued: string | undefined,
  expires: string | null | undefined,
  verificationUrl: string | null,
  revoked: boolean,
  days: DayResolver,
): Assertion | { error: string } => {
  if (issued === undefined) return { error: 'no issue date (issuedOn / validFrom)' };
  const issuedOn = days.isoOf(issued);
  if (issuedOn === null) return { error: `issue date "${issued}" is not a date` };
  const expiresOn = expires === undefined || expires === null || expires === '' ? null : days.isoOf(expires);
  if (expires && expiresOn === null) return { error: `expiry "${expires}" is not a date` };
  if (name === '') return { error: 'the badge has no name or id' };
  return { ...who, classIds, name, issuer: issuer || 'unknown-issuer', issuedOn, expiresOn, verificationUrl, revoked };
};
