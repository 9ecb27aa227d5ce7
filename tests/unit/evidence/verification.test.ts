import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../schemas/index.js';
import { importEvidence, loadEvidence } from '../../../src/evidence/index.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { makeConfig } from '../../helpers/config.js';
import { tempDir } from './helpers.js';
import { people, writeSignedCorpus, type SignedCorpus } from './signed-corpus.js';

const newDir = tempDir();
const stores: StateStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const setup = async (evidence: Record<string, unknown> = {}) => {
  const { dir } = newDir();
  const corpus = await writeSignedCorpus(join(dir, 'export'));
  const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
  stores.push(store);
  const config = (over: Record<string, unknown> = {}): Config =>
    makeConfig({
      credentials: corpus.credentials,
      evidence: { badges: 'export', trust: corpus.trust, ...evidence, ...over },
    });
  return { dir, corpus, store, config };
};

/** Each employee's credentials on the as-of date: outcome, whether it counts, where it came from. */
const outcomesOn = async (
  s: { dir: string; store: StateStore; config: (o?: Record<string, unknown>) => Config },
  asOf: string,
  over: Record<string, unknown> = {},
) => {
  const loaded = await loadEvidence({
    config: s.config(over),
    configDir: s.dir,
    store: s.store,
    employees: people,
    zone: 'UTC',
    asOf,
  });
  const byName: Record<
    string,
    { outcome: string; counts: boolean; source: string; detail: string; revoked: boolean }[]
  > = {};
  for (const p of people) {
    byName[p.email?.split('@')[0] ?? ''] = loaded.bundleFor(`hr:${p.id}`).certifications.map((c) => ({
      outcome: c.check?.outcome ?? 'none',
      counts: c.check?.counts ?? false,
      detail: c.check?.detail ?? '',
      source: c.source,
      revoked: c.revoked,
    }));
  }
  return { byName, counts: loaded.counts, loaded };
};

describe('verifying a signed badge export (real Ed25519 and P-256 signatures, VC-JWT, JWS and Data Integrity)', () => {
  it('gives every credential one outcome; only verified ones from trusted issuers count', async () => {
    const s = await setup();
    const r = await importEvidence({
      kind: 'badges',
      file: 'export',
      store: s.store,
      config: s.config(),
      configDir: s.dir,
      zone: 'UTC',
    });
    expect(r.badRows, JSON.stringify(r.errors)).toBe(0);
    expect(r.loaded).toBe(10);
    expect(r.requests).toBe(0);
    const { byName, counts } = await outcomesOn(s, '2027-03-01');
    expect(byName.ann).toEqual([
      expect.objectContaining({ outcome: 'verified', counts: true, revoked: false, source: 'export/academy.jwt:1' }),
    ]);
    expect(byName.bob).toEqual([
      expect.objectContaining({ outcome: 'forged', counts: false, revoked: true, source: 'export/academy.jwt:2' }),
    ]);
    expect(byName.cat).toEqual([
      expect.objectContaining({ outcome: 'issuer-not-trusted', counts: false, source: 'export/academy.jwt:3' }),
    ]);
    expect(byName.dan).toEqual([
      expect.objectContaining({ outcome: 'revoked', counts: false, source: 'export/academy.jwt:4' }),
    ]);
    expect(byName.dan?.[0]?.detail).toContain('revoked from 2027-02-01');
    expect(byName.eve).toEqual([
      expect.objectContaining({ outcome: 'expired', counts: false, source: 'export/academy.jwt:5' }),
    ]);
    expect(byName.fay).toEqual([
      expect.objectContaining({ outcome: 'verified', counts: true, source: 'export/fay.jws:1' }),
    ]);
    expect(byName.fay?.[0]?.detail).toContain('https://institute.example/keys/1');
    expect(byName.gus).toEqual([
      expect.objectContaining({ outcome: 'verified', counts: true, source: 'export/academy.jwt:6' }),
    ]);
    expect(byName.hal).toEqual([
      expect.objectContaining({ outcome: 'unverifiable', counts: false, source: 'export/hal.json:1' }),
    ]);
    expect(byName.ivy).toEqual([
      expect.objectContaining({ outcome: 'verified', counts: true, source: 'export/ivy.json:1' }),
    ]);
    expect(byName.ivy?.[0]?.detail).toContain('eddsa-rdfc-2022 proof by did:key:');
    expect(byName.jon).toEqual([
      expect.objectContaining({ outcome: 'forged', counts: false, source: 'export/jon.json:1' }),
    ]);
    expect(counts).toMatchObject({
      credentialsVerified: 4,
      credentialsForged: 2,
      credentialsIssuerNotTrusted: 1,
      credentialsRevoked: 1,
      credentialsExpired: 1,
      credentialsUnverifiable: 1,
    });
  });

  it('counts a revoked credential until the day before its status list takes effect', async () => {
    const s = await setup();
    const before = await outcomesOn(s, '2027-01-20');
    expect(before.byName.dan).toEqual([expect.objectContaining({ outcome: 'verified', counts: true, revoked: false })]);
    const rec = before.loaded.bundleFor('hr:4').certifications[0];
    expect(rec?.expiresOn).toBe('2027-01-31');
    expect(before.byName.eve).toEqual([expect.objectContaining({ outcome: 'verified', counts: true })]);
  });

  it('follows evidence.verification: preferred lets unverifiable ones count, never a forged one; off checks nothing', async () => {
    const s = await setup();
    const preferred = await outcomesOn(s, '2027-03-01', { verification: 'preferred' });
    expect(preferred.byName.hal).toEqual([expect.objectContaining({ outcome: 'unverifiable', counts: true })]);
    expect(preferred.byName.bob).toEqual([expect.objectContaining({ outcome: 'forged', counts: false })]);
    expect(preferred.byName.dan).toEqual([expect.objectContaining({ outcome: 'revoked', counts: false })]);
    const off = await outcomesOn(s, '2027-03-01', { verification: 'off' });
    expect(off.byName.bob).toEqual([expect.objectContaining({ outcome: 'forged', counts: true })]);
    expect(off.byName.hal).toEqual([expect.objectContaining({ outcome: 'unverifiable', counts: true })]);
    expect(off.byName.dan).toEqual([expect.objectContaining({ outcome: 'revoked', counts: false })]);
    const noTrustList = await outcomesOn(s, '2027-03-01', { trust: undefined });
    expect(noTrustList.byName.cat).toEqual([expect.objectContaining({ outcome: 'verified', counts: true })]);
  });

  it('uses the keys evidence.trust lists, and only those: a credential signed with another key is forged', async () => {
    const s = await setup();
    const other = (await import('./signed-corpus.js')).ed25519().publicKey.export({ format: 'jwk' });
    const cfg = s.config({
      trust: [{ issuer: s.corpus.academy, keys: [other] }, { issuer: 'https://institute.example/issuer' }],
    });
    await importEvidence({
      kind: 'badges',
      file: 'export',
      store: s.store,
      config: cfg,
      configDir: s.dir,
      zone: 'UTC',
    });
    const loaded = await loadEvidence({
      config: cfg,
      configDir: s.dir,
      store: s.store,
      employees: people,
      zone: 'UTC',
      asOf: '2027-03-01',
    });
    expect(loaded.bundleFor('hr:1').certifications[0]?.check).toMatchObject({ outcome: 'forged', counts: false });
    expect(loaded.bundleFor('hr:6').certifications[0]?.check).toMatchObject({ outcome: 'verified', counts: true });
  });
});

export type { SignedCorpus };
