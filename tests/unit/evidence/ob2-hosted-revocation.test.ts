import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvidence, loadEvidence } from '../../../src/evidence/index.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { makeConfig } from '../../helpers/config.js';
import { tempDir } from './helpers.js';
import { people } from './signed-corpus.js';

/** OB 2.0 hosted assertions (checked against their own URL) and an issuer's RevocationList in the export. */
const newDir = tempDir();
const served = new Map<string, { status: number; body: string }>();
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const hit = served.get(req.url ?? '');
    res.statusCode = hit?.status ?? 404;
    res.end(hit?.body ?? '');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const ISSUER = 'https://institute.example/issuer';
const BADGE = 'https://institute.example/badges/ai-foundations';
const assertion = (who: string, id: string) => ({
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Assertion',
  id,
  recipient: { type: 'email', hashed: false, identity: `${who}@acme.example` },
  badge: BADGE,
  issuedOn: '2027-01-08T09:00:00Z',
  verification: { type: 'hosted' },
});

describe('Open Badges 2.0 hosted assertions and revocation lists', () => {
  it('verifies a hosted copy that agrees, calls one that differs forged and one that is gone revoked; the revocation list revokes by id', async () => {
    const { dir, write } = newDir();
    const url = (n: string) => `${base}/assertions/${n}`;
    const ann = assertion('ann', url('1'));
    const bob = assertion('bob', url('2'));
    const cat = assertion('cat', url('3'));
    const dan = assertion('dan', url('4'));
    served.set('/assertions/1', { status: 200, body: JSON.stringify(ann) });
    served.set('/assertions/2', {
      status: 200,
      body: JSON.stringify({ ...bob, recipient: { ...bob.recipient, identity: 'someone@else.example' } }),
    });
    served.set('/assertions/3', { status: 410, body: '' });
    served.set('/assertions/4', { status: 200, body: JSON.stringify(dan) });
    write('export/assertions.ndjson', [ann, bob, cat, dan].map((a) => JSON.stringify(a)).join('\n'));
    write(
      'export/badgeclass.json',
      JSON.stringify({ type: 'BadgeClass', id: BADGE, name: 'AI Foundations', issuer: ISSUER }),
    );
    write(
      'export/issuer.json',
      JSON.stringify({
        type: 'Issuer',
        id: ISSUER,
        name: 'AI Institute',
        revocationList: 'https://institute.example/revocations',
      }),
    );
    write(
      'export/revocations.json',
      JSON.stringify({
        type: 'RevocationList',
        id: 'https://institute.example/revocations',
        revokedAssertions: [{ id: url('4'), revocationReason: 'cheated' }],
      }),
    );
    const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
    try {
      const config = makeConfig({
        credentials: { [BADGE]: 'internal:ai-foundations' },
        evidence: { badges: 'export', network: true, trust: [{ issuer: ISSUER }] },
      });
      const r = await importEvidence({
        kind: 'badges',
        file: 'export',
        store,
        config,
        configDir: dir,
        zone: 'UTC',
        now: () => new Date('2027-02-20T08:00:00Z'),
      });
      expect(r.badRows, JSON.stringify(r.errors)).toBe(0);
      expect(r.requests).toBe(4);
      const loaded = await loadEvidence({
        config,
        configDir: dir,
        store,
        employees: people,
        zone: 'UTC',
        asOf: '2027-03-01',
      });
      const check = (i: number) => loaded.bundleFor(`hr:${i}`).certifications[0]?.check;
      expect(check(1)).toMatchObject({ outcome: 'verified', counts: true, detail: `hosted at ${url('1')}` });
      expect(check(2)).toMatchObject({ outcome: 'forged', counts: false });
      // Gone (410) when fetched on 2027-02-20: revoked from that day.
      expect(check(3)).toMatchObject({ outcome: 'revoked', counts: false });
      expect(check(3)?.detail).toContain('revoked from 2027-02-20');
      // An undated revocation list in the export: revoked from the issue date.
      expect(check(4)).toMatchObject({ outcome: 'revoked', counts: false });
      expect(check(4)?.detail).toContain('named in revocation list https://institute.example/revocations');
      expect(loaded.bundleFor('hr:1').certifications[0]).toMatchObject({
        credential: 'ai-foundations',
        source: 'export/assertions.ndjson:1',
      });
    } finally {
      store.close();
    }
  });
});
