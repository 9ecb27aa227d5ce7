/**
 * The SAML 2.0 bearer assertion SuccessFactors exchanges for an OAuth token, signed here with the client's private
 * key (never `/oauth/idp`, which takes the key server-side and is being removed: KBA 3462403).
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { AuthenticationError } from '../../src/errors.js';
import { SignedXml } from 'xml-crypto';

const SF_AUDIENCE = 'www.successfactors.com';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export interface AssertionInput {
  /** The connector id from the config, for the error of an unreadable key. */
  connector: string;
  clientId: string;
  userId: string;
  /** The token URL (`https://{apiServer}/oauth/token`). */
  recipient: string;
  privateKeyPem: string;
  now: Date;
  /** Seconds the assertion is valid; short on purpose. */
  validForSeconds?: number;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The unsigned assertion: issuer = client id, NameID = user, audience www.successfactors.com, attribute api_key. */
const buildAssertionXml = (input: AssertionInput): string => {
  const id = `_${randomUUID()}`;
  const issued = iso(input.now);
  const notBefore = iso(new Date(input.now.getTime() - 60_000));
  const notAfter = iso(new Date(input.now.getTime() + (input.validForSeconds ?? 300) * 1000));
  const issuer = escapeXml(input.clientId);
  const user = escapeXml(input.userId);
  const recipient = escapeXml(input.recipient);
  return (
    `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" ` +
    `IssueInstant="${issued}" Version="2.0">` +
    `<saml2:Issuer>${issuer}</saml2:Issuer>` +
    '<saml2:Subject>' +
    `<saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${user}</saml2:NameID>` +
    `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml2:SubjectConfirmationData NotOnOrAfter="${notAfter}" Recipient="${recipient}"/>` +
    '</saml2:SubjectConfirmation></saml2:Subject>' +
    `<saml2:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notAfter}">` +
    `<saml2:AudienceRestriction><saml2:Audience>${SF_AUDIENCE}</saml2:Audience></saml2:AudienceRestriction>` +
    '</saml2:Conditions>' +
    `<saml2:AuthnStatement AuthnInstant="${issued}"><saml2:AuthnContext>` +
    '<saml2:AuthnContextClassRef>' +
    'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' +
    '</saml2:AuthnContextClassRef>' +
    `</saml2:AuthnContext></saml2:AuthnStatement>` +
    '<saml2:AttributeStatement><saml2:Attribute Name="api_key">' +
    `<saml2:AttributeValue>${issuer}</saml2:AttributeValue>` +
    '</saml2:Attribute></saml2:AttributeStatement>' +
    `</saml2:Assertion>`
  );
};

/** Signs the assertion (RSA-SHA256, exclusive c14n, enveloped; signature after the Issuer as SAML requires). */
const signAssertion = (xml: string, privateKeyPem: string, connector: string): string => {
  try {
    createPrivateKey(privateKeyPem);
  } catch {
    // Never echo the value: it is the key (or whatever the variable held instead).
    throw new AuthenticationError('the SuccessFactors private key is not a readable PEM key', {
      connector,
      where: 'auth.privateKey',
    });
  }
  const sig = new SignedXml({
    privateKey: privateKeyPem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({
    xpath: "/*[local-name(.)='Assertion']",
    digestAlgorithm: SHA256,
    transforms: [ENVELOPED, EXC_C14N],
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
};

/** The `assertion` form field: the signed XML, base64. */
export const signedAssertionBase64 = (input: AssertionInput): string =>
  Buffer.from(signAssertion(buildAssertionXml(input), input.privateKeyPem, input.connector), 'utf8').toString('base64');
