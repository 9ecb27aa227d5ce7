import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvidence, loadEvidence } from '../../../src/evidence/index.js';
import { encodeStatusList } from '../../../src/evidence/readers/verify/status.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { makeConfig } from '../../helpers/config.js';
import { tempDir } from './helpers.js';
import { ob3, p256, people, sign, PRACTITIONER } from './signed-corpus.js';

const newDir = tempDir();
const keys = p256();
const hits: string[] = [];
let server: Server;
let base = '';
let did = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/.well-known/did.json') {
      res.setHeader('content-type', 'application/did+json');
      res.end(
        JSON.stringify({
          id: did,
          verificationMethod: [
            {
              id: `${did}#key-1`,
              type: 'JsonWebKey',
              controller: did,
              publicKeyJwk: keys.publicKey.export({ format: 'jwk' }),
            },
          ],
        }),
      );
    } else if (req.url === '/status/2') {
      const list = {
        id: `${base}/status/2`,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: did,
        validFrom: '2027-02-10T00:00:00Z',
        credentialSubject: { statusPurpose: 'revocation', encodedList: encodeStatusList(16384, [5], gzipSync) },
      };
      void sign(list, keys.privateKey, { alg: 'ES256', kid: `${did}#key-1` }).then((t) => res.end(t));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  const { port } = addr;
  base = `http://127.0.0.1:${port}`;
  did = `did:web:127.0.0.1%3A${port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const credential = (who: string, index: number) =>
  sign(
    ob3({
      id: `urn:uuid:${who}`,
      issuer: did,
      validFrom: '2027-01-05T00:00:00Z',
      subject: {
        identifier: [
          { type: 'IdentityObject', identityHash: `${who}@acme.example`, identityType: 'emailAddress', hashed: false },
        ],
      },
      status: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: `${base}/status/2`,
      },
    }),
    keys.privateKey,
    { alg: 'ES256', kid: `${did}#key-1`, typ: 'vc+jwt' },
  );

describe('keys and status lists fetched at import (network allowed), then used offline', () => {
  it('fetches the did:web document and the status list once; later imports make no request', async () => {
    const { dir, write } = newDir();
    write('export/a.jwt', `${await credential('ann', 5)}\n${await credential('bob', 6)}\n`);
    const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
    try {
      const config = (network: boolean) =>
        makeConfig({
          credentials: { [PRACTITIONER]: 'aws:ai-practitioner' },
          evidence: { badges: 'export', network, trust: [{ issuer: did }] },
        });
      const first = await importEvidence({
        kind: 'badges',
        file: 'export',
        store,
        config: config(true),
        configDir: dir,
        zone: 'UTC',
      });
      expect(first.requests).toBe(2);
      expect(hits.sort()).toEqual(['/.well-known/did.json', '/status/2']);

      // New content in the folder: everything is verified again, from the cache.
      write('export/b.jwt', `${await credential('cat', 7)}\n`);
      const second = await importEvidence({
        kind: 'badges',
        file: 'export',
        store,
        config: config(true),
        configDir: dir,
        zone: 'UTC',
      });
      expect(second.unchanged).toBe(false);
      expect(second.requests).toBe(0);
      const offline = await importEvidence({
        kind: 'badges',
        file: 'export',
        store,
        config: config(false),
        configDir: dir,
        zone: 'UTC',
      });
      expect(offline.requests).toBe(0);
      expect(hits).toHaveLength(2);
      expect(offline.verification).toEqual({ revoked: 1, verified: 2 });

      const loaded = await loadEvidence({
        config: config(false),
        configDir: dir,
        store,
        employees: people,
        zone: 'UTC',
        asOf: '2027-03-01',
      });
      expect(hits).toHaveLength(2);
      expect(loaded.bundleFor('hr:1').certifications[0]?.check).toMatchObject({ outcome: 'revoked', counts: false });
      expect(loaded.bundleFor('hr:2').certifications[0]?.check).toMatchObject({ outcome: 'verified', counts: true });
      expect(loaded.bundleFor('hr:3').certifications[0]?.check).toMatchObject({ outcome: 'verified', counts: true });
      // The list's own date (inside its VC-JWT) is when the revocation takes effect.
      expect(loaded.bundleFor('hr:1').certifications[0]?.check?.detail).toContain('revoked from 2027-02-10');
    } finally {
      store.close();
    }
  });

  it('without the network, a did:web issuer that nothing in the export or cache describes is unverifiable (key step)', async () => {
    const { dir, write } = newDir();
    write('export/a.jwt', `${await credential('ann', 6)}\n`);
    const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
    try {
      const before = hits.length;
      const config = makeConfig({
        credentials: { [PRACTITIONER]: 'aws:ai-practitioner' },
        evidence: { badges: 'export', trust: [{ issuer: did }] },
      });
      const r = await importEvidence({ kind: 'badges', file: 'export', store, config, configDir: dir, zone: 'UTC' });
      expect(r.verification).toEqual({ unverifiable: 1 });
      expect(hits.length).toBe(before);
      const loaded = await loadEvidence({
        config,
        configDir: dir,
        store,
        employees: people,
        zone: 'UTC',
        asOf: '2027-03-01',
      });
      expect(loaded.bundleFor('hr:1').certifications[0]?.check).toMatchObject({
        outcome: 'unverifiable',
        counts: false,
      });
      expect(loaded.bundleFor('hr:1').certifications[0]?.check?.detail).toMatch(
        /^key: no key of did:web:.* \(network off\)$/,
      );
    } finally {
      store.close();
    }
  });
});
