/**
 * The sandbox's OAuth side: an RSA key pair made at start (the "registered certificate"), `POST /oauth/token` that
 * verifies the SAML bearer assertion's signature and claims, and bearer tokens that expire.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { SignedXml } from 'xml-crypto';
import { oauthError, unauthorized } from './wire-errors.js';

export interface SandboxAuth {
  clientId: string;
  privateKeyPem: string;
  /** Verifies the token request's form and answers the token response. */
  issueToken(form: URLSearchParams, tokenUrl: string): { access_token: string; token_type: string; expires_in: number };
  /** Throws the 401 a tenant answers for a missing, unknown or expired bearer token (and for Basic auth). */
  authorize(header: string | undefined): void;
  setTtlSeconds(seconds: number): void;
  revokeAll(): void;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (n) => n === 'Attribute',
});

const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && '#text' in v) return String(v['#text']);
  return '';
};
const attr = (v: unknown, name: string): string =>
  typeof v === 'object' && v !== null && name in v ? String(Reflect.get(v, name)) : '';
const child = (v: unknown, name: string): unknown =>
  typeof v === 'object' && v !== null ? Reflect.get(v, name) : undefined;

/**
 * One RSA key pair per process, made when the first sandbox starts. A 2048-bit key costs 50 to 300 ms of CPU, and a
 * test process starts a sandbox per test; each sandbox still has its own client id and tokens, and the tests of a
 * foreign key make their own.
 */
let keyPair: { privateKeyPem: string; publicKeyPem: string } | undefined;
const sandboxKeyPair = (): { privateKeyPem: string; publicKeyPem: string } => {
  if (keyPair) return keyPair;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyPair = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  return keyPair;
};

export const createSandboxAuth = (o: { companyId: string; userId: string; now: () => number }): SandboxAuth => {
  const { privateKeyPem, publicKeyPem } = sandboxKeyPair();
  const clientId = `SBX${randomBytes(12).toString('hex').toUpperCase()}`;
  const tokens = new Map<string, number>();
  let ttlSeconds = 86_400;

  const verifyAssertion = (xml: string, tokenUrl: string): void => {
    const sigXml = /<(?:\w+:)?Signature\b[\s\S]*?<\/(?:\w+:)?Signature>/.exec(xml)?.[0];
    if (!sigXml) throw oauthError(401, 'Unable to validate the SAML assertion: it is not signed');
    const sig = new SignedXml({ publicCert: publicKeyPem, getCertFromKeyInfo: () => null });
    try {
      sig.loadSignature(sigXml);
      if (!sig.checkSignature(xml)) throw new Error('bad signature');
    } catch {
      throw oauthError(
        401,
        'Unable to validate the SAML assertion: the signature does not match the registered certificate',
      );
    }
    // Read the claims only from what was signed (no wrapping attacks).
    const signed = sig.getSignedReferences()[0];
    if (signed === undefined) throw oauthError(401, 'Unable to validate the SAML assertion: nothing was signed');
    const assertion = child(parser.parse(signed), 'Assertion');
    if (!assertion)
      throw oauthError(401, 'Unable to validate the SAML assertion: the signed element is not an Assertion');
    const issuer = text(child(assertion, 'Issuer'));
    const subject = child(assertion, 'Subject');
    const nameId = text(child(subject, 'NameID'));
    const confirmation = child(child(subject, 'SubjectConfirmation'), 'SubjectConfirmationData');
    const conditions = child(assertion, 'Conditions');
    const audience = text(child(child(conditions, 'AudienceRestriction'), 'Audience'));
    const attributes = child(child(assertion, 'AttributeStatement'), 'Attribute');
    const apiKey = Array.isArray(attributes) ? attributes.find((a) => attr(a, '@Name') === 'api_key') : undefined;
    const notAfter = Date.parse(attr(conditions, '@NotOnOrAfter'));
    const notBefore = Date.parse(attr(conditions, '@NotBefore'));
    const now = o.now();
    if (issuer !== clientId) throw oauthError(401, 'Invalid SAML assertion: the issuer is not the OAuth client');
    if (nameId !== o.userId) throw oauthError(401, `Invalid SAML assertion: unknown user ${nameId}`);
    if (audience !== 'www.successfactors.com') throw oauthError(401, 'Invalid SAML assertion: wrong audience');
    if (attr(confirmation, '@Recipient') !== tokenUrl) throw oauthError(401, 'Invalid SAML assertion: wrong recipient');
    if (text(child(apiKey, 'AttributeValue')) !== clientId)
      throw oauthError(401, 'Invalid SAML assertion: api_key attribute missing');
    if (Number.isNaN(notAfter) || notAfter <= now || (!Number.isNaN(notBefore) && notBefore > now + 60_000))
      throw oauthError(401, 'Invalid SAML assertion: expired or not yet valid');
  };

  return {
    clientId,
    privateKeyPem,
    issueToken(form, tokenUrl) {
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:saml2-bearer')
        throw oauthError(400, 'Unsupported grant_type');
      if (form.get('company_id') !== o.companyId) throw oauthError(400, 'Invalid company_id');
      if (form.get('client_id') !== clientId) throw oauthError(401, 'Invalid client_id');
      const assertion = form.get('assertion');
      if (!assertion) throw oauthError(400, 'assertion is required');
      verifyAssertion(Buffer.from(assertion, 'base64').toString('utf8'), tokenUrl);
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, o.now() + ttlSeconds * 1000);
      return { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds };
    },
    authorize(header) {
      if (header === undefined) throw unauthorized('[LGN0011]Authentication is required: send an OAuth bearer token');
      if (/^Basic\s/i.test(header))
        throw unauthorized('[LGN0021]Basic authentication is not accepted for this API; use OAuth 2.0');
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const expiry = m?.[1] === undefined ? undefined : tokens.get(m[1]);
      if (expiry === undefined) throw unauthorized('[LGN0022]The access token is invalid');
      if (expiry <= o.now()) throw unauthorized('[LGN0022]The access token has expired');
    },
    setTtlSeconds(seconds) {
      ttlSeconds = seconds;
    },
    revokeAll() {
      tokens.clear();
    },
  };
};
