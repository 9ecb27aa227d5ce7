import { sign as signBytes, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importEvidence, loadEvidence, readBadges } from '../../../src/evidence/index.js';
import type { BadgeItem } from '../../../src/evidence/readers/badges.js';
import { signDataIntegrity } from '../../../src/evidence/readers/verify/data-integrity.js';
import { didKeyOf } from '../../../src/evidence/readers/verify/public-keys.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { makeConfig } from '../../helpers/config.js';
import { collect, tempDir } from './helpers.js';
import {
  ed25519,
  ob3,
  people,
  PRACTITIONER,
  sign,
  statusEntry,
  statusListCredential,
  STATUS_URL,
  tamper,
} from './signed-corpus.js';

/**
 * The status list a credential points at is a credential too: its bits count only when the credential's own issuer
 * signed it. Each case signs a real credential (Ed25519, did:key) whose bit 7 is set in the list shipped beside it,
 * and changes only the list.
 */
const newDir = tempDir();
const stores: StateStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const academy = ed25519();
const academyDid = didKeyOf(academy.publicKey);
const rogue = ed25519();
const rogueDid = didKeyOf(rogue.publicKey);
const kid = (did: string) => `${did}#${did.slice('did:key:'.length)}`;
const vcJwt = (payload: unknown, key: KeyObject, did: string) => sign(payload, key, { kid: kid(did), typ: 'vc+jwt' });

const danVc = () =>
  ob3({
    id: 'urn:uuid:00000004-0000-4000-8000-000000000000',
    issuer: academyDid,
    validFrom: '2027-01-06T10:00:00Z',
    subject: {
      identifier: [{ type: 'IdentityObject', identityHash: 'dan@acme.example', identityType: 'emailAddress' }],
    },
    status: statusEntry(7),
  });
const credential = () => vcJwt(danVc(), academy.privateKey, academyDid);

/** Writes the credential and the given list file, and reads the folder with verification on. */
const readWith = async (listName: string, list: string) => {
  const { dir, write } = newDir();
  write('export/dan.jwt', await credential());
  write(`export/${listName}`, list);
  const items = await collect(readBadges(join(dir, 'export'), { file: 'export', verify: { trust: new Map() } }));
  const proof = items.flatMap((i: BadgeItem) => ('record' in i ? [i.record.proof] : []));
  expect(proof).toHaveLength(1);
  return { dir, proof: proof[0] };
};

describe('a status list is believed only once its own proof verifies', () => {
  it('revokes from a list the issuer signed as a VC-JWT', async () => {
    const list = await vcJwt(statusListCredential(academyDid, [7]), academy.privateKey, academyDid);
    const { proof } = await readWith('status.jwt', list);
    expect(proof).toMatchObject({ verification: 'verified', status: 'revoked', statusFrom: '2027-02-01' });
  });

  it('revokes from a list the issuer signed with an embedded eddsa-rdfc-2022 proof', async () => {
    const signed = await signDataIntegrity(
      statusListCredential(academyDid, [7]),
      kid(academyDid),
      academy.publicKey,
      (data) => signBytes(null, data, academy.privateKey),
    );
    const { proof } = await readWith('status.json', JSON.stringify(signed));
    expect(proof).toMatchObject({ verification: 'verified', status: 'revoked' });
  });

  it('ignores the bits of an unsigned list: the credential is unverifiable at the status step', async () => {
    const { proof } = await readWith('status.json', JSON.stringify(statusListCredential(academyDid, [7])));
    expect(proof).toMatchObject({ verification: 'unverifiable', status: null });
    expect(proof?.detail).toBe(`status: list ${STATUS_URL} is not signed, so its bits cannot be believed`);
  });

  it('calls a list with one bit changed after signing forged, and the credential unverifiable', async () => {
    const signed = await vcJwt(statusListCredential(academyDid, [7]), academy.privateKey, academyDid);
    // The bit is cleared in the payload, the signature left as it was: a forger hiding a revocation.
    const [h, p, s] = signed.split('.');
    const payload: unknown = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8'));
    const cleared = JSON.stringify(payload).replace(
      statusListCredential(academyDid, [7]).credentialSubject.encodedList,
      statusListCredential(academyDid, []).credentialSubject.encodedList,
    );
    expect(cleared).not.toBe(JSON.stringify(payload));
    const { proof } = await readWith('status.jwt', `${h}.${Buffer.from(cleared).toString('base64url')}.${s}`);
    expect(proof).toMatchObject({ verification: 'unverifiable', status: null });
    expect(proof?.detail).toContain(`status: list ${STATUS_URL} is forged (signature: does not match`);
  });

  it('calls a list that names the issuer but is signed with another key forged', async () => {
    const list = await sign(statusListCredential(academyDid, [7]), rogue.privateKey, { kid: kid(academyDid) });
    const { proof } = await readWith('status.jwt', list);
    expect(proof).toMatchObject({ verification: 'unverifiable', status: null });
    expect(proof?.detail).toContain('is forged');
  });

  it("does not believe a list another issuer signed, however well (it must be the credential issuer's)", async () => {
    const list = await vcJwt(statusListCredential(rogueDid, []), rogue.privateKey, rogueDid);
    const { proof } = await readWith('status.jwt', list);
    expect(proof).toMatchObject({ verification: 'unverifiable', status: null });
    expect(proof?.detail).toBe(
      `status: list ${STATUS_URL} is issued by ${rogueDid}, not by the credential's issuer ${academyDid}`,
    );
  });

  it('a forged credential stays forged whatever its list says', async () => {
    const { dir, write } = newDir();
    write('export/dan.jwt', tamper(await credential()));
    write('export/status.json', JSON.stringify(statusListCredential(academyDid, [7])));
    const items = await collect(readBadges(join(dir, 'export'), { file: 'export', verify: { trust: new Map() } }));
    const proof = items.flatMap((i) => ('record' in i ? [i.record.proof] : []));
    expect(proof).toEqual([expect.objectContaining({ verification: 'forged', status: null })]);
  });

  it('shows the failed step per credential after import: unverifiable, not counted, not revoked', async () => {
    const { dir } = await readWith('status.json', JSON.stringify(statusListCredential(academyDid, [7])));
    const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
    stores.push(store);
    const config = makeConfig({
      credentials: { [PRACTITIONER]: 'aws:ai-practitioner' },
      evidence: { badges: 'export', trust: [{ issuer: academyDid }] },
    });
    await importEvidence({ kind: 'badges', file: 'export', store, config, configDir: dir, zone: 'UTC' });
    const loaded = await loadEvidence({
      config,
      configDir: dir,
      store,
      employees: people,
      zone: 'UTC',
      asOf: '2027-03-01',
    });
    const dan = loaded.bundleFor('hr:4').certifications;
    expect(dan).toEqual([
      expect.objectContaining({
        source: 'export/dan.jwt:1',
        check: expect.objectContaining({ outcome: 'unverifiable', counts: false }),
      }),
    ]);
    expect(dan[0]?.check?.detail).toContain('is not signed');
    expect(loaded.counts).toMatchObject({ credentialsUnverifiable: 1 });
    expect(loaded.counts.credentialsRevoked).toBeUndefined();
  });
});

describe('keys come from the issuer id, never from the signed document itself', () => {
  /** The issuer as an embedded profile listing the forger's key: the forger's own claim about whose key it is. */
  const claimedBy = (did: string) => ({
    id: did,
    type: ['Profile'],
    name: 'AI Academy',
    verificationMethod: [
      {
        id: `${did}#evil`,
        type: 'JsonWebKey',
        controller: did,
        publicKeyJwk: rogue.publicKey.export({ format: 'jwk' }),
      },
    ],
  });

  it('calls a credential forged that a stranger signed with a key its embedded issuer profile lists', async () => {
    const { dir, write } = newDir();
    const forged = await sign({ ...danVc(), issuer: claimedBy(academyDid) }, rogue.privateKey, {
      kid: `${academyDid}#evil`,
    });
    write('export/dan.jwt', forged);
    const items = await collect(readBadges(join(dir, 'export'), { file: 'export', verify: { trust: new Map() } }));
    const proof = items.flatMap((i) => ('record' in i ? [i.record.proof] : []));
    expect(proof).toEqual([expect.objectContaining({ verification: 'forged', status: null })]);
  });

  it('calls a credential forged whose kid names a key under the DID that only a JWK set in the folder has', async () => {
    const { dir, write } = newDir();
    const jwk = { ...rogue.publicKey.export({ format: 'jwk' }), kid: `${academyDid}#evil` };
    write('export/jwks.json', JSON.stringify({ keys: [jwk] }));
    write('export/dan.jwt', await sign(danVc(), rogue.privateKey, { kid: `${academyDid}#evil` }));
    const items = await collect(readBadges(join(dir, 'export'), { file: 'export', verify: { trust: new Map() } }));
    const proof = items.flatMap((i) => ('record' in i ? [i.record.proof] : []));
    expect(proof).toEqual([expect.objectContaining({ verification: 'forged' })]);
  });

  it('does not believe a status list whose embedded issuer profile lists the signing key', async () => {
    const claimed = { ...statusListCredential(academyDid, []), issuer: claimedBy(academyDid) };
    const list = await sign(claimed, rogue.privateKey, { kid: `${academyDid}#evil` });
    const { proof } = await readWith('status.jwt', list);
    expect(proof).toMatchObject({ verification: 'unverifiable', status: null });
    expect(proof?.detail).toContain(`status: list ${STATUS_URL} is forged`);
  });
});
