import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { DayResolver } from '../../dates.js';
import type { DocumentSource, FoundDocument } from './documents.js';
import { sameIssuerId } from './keys.js';
import { proofOf, verifyCompact, verifyEmbedded, type VerifyContext } from './proof.js';

/**
 * Status of a credential from the lists its issuer publishes:
 * 3.0 / VC: Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/) and StatusList2021
 * (https://www.w3.org/community/reports/credentials/CG-FINAL-vc-status-list-2021-20230102/): `credentialStatus`
 * names a list credential and an index; its `encodedList` is the GZIP of a bitstring, base64url (multibase `u`
 * for Bitstring), bit 0 the most significant bit of the first byte;
 * 2.0: the issuer profile's `revocationList`
 * (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#RevocationList),
 * whose `revokedAssertions` name assertions by id or uid.
 * A status holds from the list's own date (`validFrom` / `issuanceDate`), else from when it was fetched; a copy in
 * the export with no date holds from the credential's issue.
 * A 3.0 status list is itself a credential: its bits are believed only once its proof verifies with the same keys
 * and trust rules as a credential, and only when the credential's own issuer issued it (the Bitstring Status List
 * validation algorithm raises STATUS_VERIFICATION_ERROR when a list's proof fails; the digitalbazaar status-list
 * library checks matching issuers by default). An unsigned, forged or foreign list leaves the status unknown.
 */
export type StatusResult =
  { status: null } | { status: 'revoked' | 'suspended'; from: string | null; detail: string } | { unknown: string };

const entry = z.looseObject({
  type: z.string(),
  statusPurpose: z.string().optional(),
  statusListIndex: z.union([z.string(), z.number()]).optional(),
  statusListCredential: z.string().optional(),
});
const issuerRef = z.union([z.string(), z.looseObject({ id: z.string() })]);
const listCredential = z.looseObject({
  issuer: issuerRef.optional(),
  validFrom: z.string().optional(),
  issuanceDate: z.string().optional(),
  credentialSubject: z.looseObject({ encodedList: z.string(), statusPurpose: z.string().optional() }),
});
const revocationList = z.looseObject({
  revokedAssertions: z.array(
    z.union([z.string(), z.looseObject({ id: z.string().optional(), uid: z.string().optional() })]),
  ),
  issuer: issuerRef.optional(),
  issuedOn: z.string().optional(),
  dateModified: z.string().optional(),
});

const LIST_TYPES = /^(BitstringStatusListEntry|StatusList2021Entry)$/;

/** The bit at `index` of a GZIP'd, base64url (or multibase `u`) bitstring; null when it cannot be read. */
const statusBit = (encoded: string, index: number): boolean | null => {
  try {
    const bits = gunzipSync(Buffer.from(encoded.startsWith('u') ? encoded.slice(1) : encoded, 'base64url'));
    const byte = bits[index >> 3];
    return byte === undefined ? null : ((byte >> (7 - (index & 7))) & 1) === 1;
  } catch {
    return null;
  }
};

/** The encoded list of a bitstring with the given bits set (issuers make these; tests and benches too). */
export const encodeStatusList = (size: number, set: Iterable<number>, gzip: (b: Buffer) => Buffer): string => {
  const bits = Buffer.alloc(Math.ceil(size / 8));
  for (const i of set) bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (7 - (i & 7)));
  return `u${gzip(bits).toString('base64url')}`;
};

const listDate = (doc: { fetchedAt: string | null }, own: string | undefined, days: DayResolver): string | null =>
  (own !== undefined ? days.isoOf(own) : null) ?? (doc.fetchedAt !== null ? days.isoOf(doc.fetchedAt) : null);

const idOf = (ref: z.infer<typeof issuerRef>): string => (typeof ref === 'string' ? ref : ref.id);

/**
 * Whether a status list credential may be believed for a credential of `issuerId`: issued by that issuer and
 * signed with its keys. Null when it holds, else the step that failed.
 */
const checkStatusList = (
  url: string,
  doc: FoundDocument,
  issuerId: string | null,
  ctx: VerifyContext,
): Promise<string | null> => {
  const key = `${url}\u0000${issuerId ?? ''}`;
  let check = ctx.listCache?.get(key);
  if (check === undefined) {
    check = checkListOnce(url, doc, issuerId, ctx);
    ctx.listCache?.set(key, check);
  }
  return check;
};

const checkListOnce = async (
  url: string,
  doc: FoundDocument,
  issuerId: string | null,
  ctx: VerifyContext,
): Promise<string | null> => {
  const parsed = z.looseObject({ issuer: issuerRef }).safeParse(doc.value);
  if (!parsed.success) return `status: list ${url} names no issuer`;
  const listIssuer = idOf(parsed.data.issuer);
  if (issuerId === null || !sameIssuerId(listIssuer, issuerId))
    return `status: list ${url} is issued by ${listIssuer}, not by the credential's issuer ${issuerId ?? '(none)'}`;
  const signer = { issuerId: listIssuer };
  const proof =
    doc.token !== null
      ? await verifyCompact(doc.token, signer, doc.value, ctx)
      : proofOf(doc.value) !== null
        ? await verifyEmbedded(signer, doc.value, ctx)
        : null;
  if (proof === null) return `status: list ${url} is not signed, so its bits cannot be believed`;
  if (proof.verification === 'verified') return null;
  if (proof.verification === 'forged') return `status: list ${url} is forged (${proof.detail})`;
  return `status: list ${url} cannot be verified (${proof.detail})`;
};

/** 3.0 / VC: the `credentialStatus` entries of a credential of `issuerId`, read from verified lists only. */
export const credentialStatus = async (
  value: unknown,
  issuerId: string | null,
  ctx: VerifyContext,
): Promise<StatusResult> => {
  const { docs, days } = ctx;
  const raw =
    typeof value === 'object' && value !== null && 'credentialStatus' in value ? value.credentialStatus : undefined;
  if (raw === undefined || raw === null) return { status: null };
  const entries = [raw].flat();
  let result: StatusResult = { status: null };
  for (const e of entries) {
    const p = entry.safeParse(e);
    if (!p.success) return { unknown: 'status: credentialStatus is not a status entry' };
    if (!LIST_TYPES.test(p.data.type)) return { unknown: `status: type ${p.data.type} is not supported` };
    const url = p.data.statusListCredential;
    const index = Number(p.data.statusListIndex);
    if (url === undefined || !Number.isInteger(index) || index < 0)
      return { unknown: 'status: entry without a list or index' };
    const doc = await docs.get(url);
    if (doc === null)
      return {
        unknown:
          `status: list ${url} is neither in the export nor cached ` +
          `(network ${docs.networkAllowed ? 'failed' : 'off'})`,
      };
    const list = listCredential.safeParse(doc.value);
    if (!list.success) return { unknown: `status: ${url} is not a status list credential` };
    const failed = await checkStatusList(url, doc, issuerId, ctx);
    if (failed !== null) return { unknown: failed };
    const bit = statusBit(list.data.credentialSubject.encodedList, index);
    if (bit === null) return { unknown: `status: index ${index} is outside list ${url}` };
    if (!bit) continue;
    const purpose = p.data.statusPurpose ?? list.data.credentialSubject.statusPurpose ?? 'revocation';
    if (purpose !== 'revocation' && purpose !== 'suspension') continue;
    const from = listDate(doc, list.data.validFrom ?? list.data.issuanceDate, days);
    const found = {
      status: purpose === 'revocation' ? ('revoked' as const) : ('suspended' as const),
      from,
      detail: `bit ${index} of ${url} is set`,
    };
    if (found.status === 'revoked' || !('status' in result) || result.status === null) result = found;
  }
  return result;
};

/** OB 2.0: the issuer profile's RevocationList names the assertion (by id or uid). */
export const revocationListStatus = async (
  assertion: unknown,
  profile: unknown,
  docs: DocumentSource,
  days: DayResolver,
): Promise<StatusResult> => {
  const url =
    typeof profile === 'object' &&
    profile !== null &&
    'revocationList' in profile &&
    typeof profile.revocationList === 'string'
      ? profile.revocationList
      : null;
  if (url === null) return { status: null };
  const ids = z.looseObject({ id: z.string().optional(), uid: z.string().optional() }).safeParse(assertion);
  const doc = await docs.get(url);
  if (doc === null)
    return {
      unknown:
        `status: revocation list ${url} is neither in the export nor cached ` +
        `(network ${docs.networkAllowed ? 'failed' : 'off'})`,
    };
  const list = revocationList.safeParse(doc.value);
  if (!list.success) return { unknown: `status: ${url} is not a RevocationList` };
  // OB 2.0 revocation lists are not signed: the list is the one the issuer profile names, and names that issuer.
  const owner = z.looseObject({ id: z.string() }).safeParse(profile);
  if (list.data.issuer !== undefined && owner.success && !sameIssuerId(idOf(list.data.issuer), owner.data.id))
    return { unknown: `status: revocation list ${url} belongs to ${idOf(list.data.issuer)}, not to ${owner.data.id}` };
  const mine = new Set(
    [ids.success ? ids.data.id : undefined, ids.success ? ids.data.uid : undefined].filter(
      (x): x is string => x !== undefined,
    ),
  );
  const hit = list.data.revokedAssertions.some((r) =>
    typeof r === 'string'
      ? mine.has(r)
      : (r.id !== undefined && mine.has(r.id)) || (r.uid !== undefined && mine.has(r.uid)),
  );
  if (!hit) return { status: null };
  return {
    status: 'revoked',
    from: listDate(doc, list.data.dateModified ?? list.data.issuedOn, days),
    detail: `named in revocation list ${url}`,
  };
};
