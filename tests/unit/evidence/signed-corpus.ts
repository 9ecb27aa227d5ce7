import { createHash, generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CompactSign } from 'jose';
import type { EmployeeIdentity } from '../../../src/evidence/index.js';
import { signDataIntegrity } from '../../../src/evidence/readers/verify/data-integrity.js';
import { didKeyOf } from '../../../src/evidence/readers/verify/public-keys.js';
import { encodeStatusList } from '../../../src/evidence/readers/verify/status.js';

/**
 * A badge export made with real keys and real signatures (Ed25519 and P-256), one credential per case:
 * ann valid VC-JWT (did:key, Ed25519); bob the same shape with one byte of the payload changed; cat signed by an
 * issuer the config does not trust; dan whose Bitstring Status List bit is set (the list a VC-JWT signed by the
 * academy, valid from 2027-02-01);
 * eve expired 2027-02-15; fay an OB 2.0 `.jws` (ES256, P-256) with an `md5$` salted recipient and the BadgeClass,
 * Issuer and CryptographicKey as separate files; gus a VC 1.1 JWT whose first identifier is a personal e-mail hash
 * and whose second is the work e-mail hashed; hal an unsigned OB 3.0 JSON credential; ivy an OB 3.0 credential with an
 * embedded `eddsa-rdfc-2022` Data Integrity proof; jon the same with one character of the signed content changed.
 */
export const PRACTITIONER = 'https://academy.example/achievements/ai-practitioner';
export const FOUNDATIONS = 'https://institute.example/badges/ai-foundations';
export const INSTITUTE = 'https://institute.example/issuer';
export const STATUS_URL = 'https://academy.example/status/1';

export const people: EmployeeIdentity[] = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jon'].map(
  (n, i) => ({
    connector: 'hr',
    id: String(i + 1),
    employeeNumber: `E${i + 1}`,
    email: `${n}@acme.example`,
  }),
);

export const ed25519 = () => generateKeyPairSync('ed25519');
export const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

export const sign = (payload: unknown, key: KeyObject, header: Record<string, string>): Promise<string> =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', ...header })
    .sign(key);

/** The token with one byte of its credential changed (the signature left as it was). */
export const tamper = (token: string): string => {
  const [h, p, s] = token.split('.');
  const json = Buffer.from(p ?? '', 'base64url')
    .toString('utf8')
    .replace('2027-01-0', '2027-01-1');
  return `${h}.${Buffer.from(json).toString('base64url')}.${s}`;
};

export const ob3 = (o: {
  id: string;
  issuer: string;
  subject: Record<string, unknown>;
  validFrom: string;
  validUntil?: string;
  status?: Record<string, unknown>;
}) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: o.id,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: o.issuer, type: ['Profile'], name: 'AI Academy' },
  validFrom: o.validFrom,
  ...(o.validUntil ? { validUntil: o.validUntil } : {}),
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: { id: PRACTITIONER, type: ['Achievement'], name: 'AI Practitioner' },
    ...o.subject,
  },
  ...(o.status ? { credentialStatus: o.status } : {}),
});

const email = (address: string) => ({
  identifier: [{ type: 'IdentityObject', identityHash: address, identityType: 'emailAddress', hashed: false }],
});
export const statusEntry = (index: number) => ({
  id: `${STATUS_URL}#${index}`,
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(index),
  statusListCredential: STATUS_URL,
});

/** A Bitstring Status List credential of `issuer` (unsigned: sign it as VC-JWT or with a Data Integrity proof). */
export const statusListCredential = (issuer: string, set: number[], url = STATUS_URL) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: url,
  type: ['VerifiableCredential', 'BitstringStatusListCredential'],
  issuer,
  validFrom: '2027-02-01T12:00:00Z',
  credentialSubject: {
    id: `${url}#list`,
    type: 'BitstringStatusList',
    statusPurpose: 'revocation',
    encodedList: encodeStatusList(131072, set, gzipSync),
  },
});

export interface SignedCorpus {
  dir: string;
  academy: string;
  rogue: string;
  /** `evidence.trust` for the corpus: the academy (did:key) and the institute (its profile URL). */
  trust: { issuer: string }[];
  credentials: Record<string, string>;
}

/** `emails` replaces the people's addresses (`ann` -> an employee of a sandbox), for tests through the CLI. */
export const writeSignedCorpus = async (
  dir: string,
  emails: Readonly<Record<string, string>> = {},
): Promise<SignedCorpus> => {
  const at = (who: string) => emails[who] ?? `${who}@acme.example`;
  mkdirSync(dir, { recursive: true });
  const academyKeys = ed25519();
  const academy = didKeyOf(academyKeys.publicKey);
  const rogueKeys = ed25519();
  const rogue = didKeyOf(rogueKeys.publicKey);
  const kid = (did: string) => `${did}#${did.slice('did:key:'.length)}`;
  const vcJwt = (payload: unknown, keys: { privateKey: KeyObject }, did: string) =>
    sign(payload, keys.privateKey, { kid: kid(did), typ: 'vc+jwt' });
  const id = (n: string) => `urn:uuid:0000000${n}-0000-4000-8000-000000000000`;

  const ann = await vcJwt(
    ob3({
      id: id('1'),
      issuer: academy,
      subject: email(at('ann')),
      validFrom: '2027-01-05T10:00:00Z',
      status: statusEntry(3),
    }),
    academyKeys,
    academy,
  );
  const bob = tamper(
    await vcJwt(
      ob3({ id: id('2'), issuer: academy, subject: email(at('bob')), validFrom: '2027-01-05T10:00:00Z' }),
      academyKeys,
      academy,
    ),
  );
  const cat = await vcJwt(
    ob3({ id: id('3'), issuer: rogue, subject: email(at('cat')), validFrom: '2027-01-05T10:00:00Z' }),
    rogueKeys,
    rogue,
  );
  const dan = await vcJwt(
    ob3({
      id: id('4'),
      issuer: academy,
      subject: email(at('dan')),
      validFrom: '2027-01-06T10:00:00Z',
      status: statusEntry(7),
    }),
    academyKeys,
    academy,
  );
  const eve = await vcJwt(
    ob3({
      id: id('5'),
      issuer: academy,
      subject: email(at('eve')),
      validFrom: '2027-01-06T10:00:00Z',
      validUntil: '2027-02-15T12:00:00Z',
    }),
    academyKeys,
    academy,
  );
  const gusSalt = 'pepper';
  const hash = (alg: string, s: string) => createHash(alg).update(s).digest('hex');
  const gusVc = ob3({
    id: id('7'),
    issuer: academy,
    validFrom: '2027-01-07T00:00:00Z',
    subject: {
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: `sha256$${hash('sha256', `gus.private@mail.example${gusSalt}`)}`,
          identityType: 'emailAddress',
          hashed: true,
          salt: gusSalt,
        },
        {
          type: 'IdentityObject',
          identityHash: `sha256$${hash('sha256', `${at('gus')}${gusSalt}`)}`,
          identityType: 'emailAddress',
          hashed: true,
          salt: gusSalt,
        },
      ],
    },
  });
  // VC Data Model 1.1 JWT claims: the credential under `vc`, the issuer in `iss`, the issue date in `nbf`.
  const gus = await vcJwt(
    {
      iss: academy,
      nbf: Date.parse('2027-01-07T00:00:00Z') / 1000,
      jti: id('7'),
      vc: { ...gusVc, issuer: undefined, validFrom: undefined },
    },
    academyKeys,
    academy,
  );
  writeFileSync(join(dir, 'academy.jwt'), [ann, bob, cat, dan, eve, gus].join('\n') + '\n');
  // The status list is a credential of its own, signed by the academy (an unsigned list would not be believed).
  writeFileSync(join(dir, 'status-list.jwt'), await vcJwt(statusListCredential(academy, [7]), academyKeys, academy));

  // OB 2.0: a signed assertion (ES256 over P-256) whose badge, issuer and key are separate files of the export.
  const inst = p256();
  const keyId = 'https://institute.example/keys/1';
  const fayAssertion = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'urn:uuid:00000006-0000-4000-8000-000000000000',
    recipient: { type: 'email', hashed: true, salt: 'NaCl', identity: `md5$${hash('md5', `${at('fay')}NaCl`)}` },
    badge: FOUNDATIONS,
    issuedOn: '2027-01-08T09:00:00Z',
    verification: { type: 'SignedBadge', creator: keyId },
  };
  writeFileSync(join(dir, 'fay.jws'), await sign(fayAssertion, inst.privateKey, { alg: 'ES256' }));
  writeFileSync(
    join(dir, 'badgeclass.json'),
    JSON.stringify({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'BadgeClass',
      id: FOUNDATIONS,
      name: 'AI Foundations',
      issuer: INSTITUTE,
    }),
  );
  writeFileSync(
    join(dir, 'issuer.json'),
    JSON.stringify({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      id: INSTITUTE,
      name: 'AI Institute',
      publicKey: keyId,
    }),
  );
  writeFileSync(
    join(dir, 'key.json'),
    JSON.stringify({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'CryptographicKey',
      id: keyId,
      owner: INSTITUTE,
      publicKeyPem: inst.publicKey.export({ format: 'pem', type: 'spki' }),
    }),
  );
  writeFileSync(
    join(dir, 'hal.json'),
    JSON.stringify(
      ob3({ id: id('8'), issuer: academy, subject: email(at('hal')), validFrom: '2027-01-09T00:00:00Z' }),
      null,
      2,
    ),
  );

  const di = (who: string, n: string) =>
    signDataIntegrity(
      ob3({ id: id(n), issuer: academy, subject: email(at(who)), validFrom: '2027-01-10T10:00:00Z' }),
      kid(academy),
      academyKeys.publicKey,
      (data) => signBytes(null, data, academyKeys.privateKey),
    );
  writeFileSync(join(dir, 'ivy.json'), JSON.stringify(await di('ivy', '9')));
  writeFileSync(
    join(dir, 'jon.json'),
    JSON.stringify(await di('jon', 'a')).replace('"AI Practitioner"', '"AI Practitionr"'),
  );

  return {
    dir,
    academy,
    rogue,
    trust: [{ issuer: academy }, { issuer: INSTITUTE }],
    credentials: { [PRACTITIONER]: 'aws:ai-practitioner', [FOUNDATIONS]: 'internal:ai-foundations' },
  };
};
