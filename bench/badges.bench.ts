import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importEvidence, readBadges } from '../src/evidence/index.js';
import { didKeyOf } from '../src/evidence/readers/verify/public-keys.js';
import { encodeStatusList } from '../src/evidence/readers/verify/status.js';
import { evidenceMigrations } from '../src/state/evidence-migrations.js';
import { StateStore } from '../src/state/state-store.js';
import { emit as emitLine } from './emit.js';

/**
 * Signed badges at scale: N Open Badges 3.0 VC-JWTs (default 100,000, `FLUENCYFLOW_BENCH_CREDENTIALS` for quick
 * runs; nine in ten Ed25519, one in ten ES256 over P-256, from 20 did:key issuers, each with a Bitstring Status
 * List entry in its issuer's own signed list shipped with the export) in ten `.jwt` files. Three figures: parsing the
 * folder without
 * verifying (the yardstick), reading it with every signature and status checked, and the full import into the
 * state store; time, CPU and peak memory (RSS, monotonic: each figure includes the phases before it), with the
 * ratio to the yardstick. The files live in the OS temp dir and are deleted after.
 */
const ISSUERS = 20;
const FILES = 10;
const STATUS_URL = 'https://issuer.bench.example/status';
const ACHIEVEMENT = 'https://issuer.bench.example/achievements/ai-practitioner';

type Issuer = { did: string; key: KeyObject; alg: 'EdDSA' | 'ES256' };

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

const jws = (payload: unknown, issuer: Issuer): string => {
  const header = { alg: issuer.alg, kid: `${issuer.did}#${issuer.did.slice(8)}`, typ: 'vc+jwt' };
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  const sig =
    issuer.alg === 'EdDSA'
      ? sign(null, Buffer.from(input), issuer.key)
      : sign('sha256', Buffer.from(input), { key: issuer.key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64(sig)}`;
};

const statusUrl = (issuer: number) => `${STATUS_URL}/${issuer}`;

const credential = (i: number, issuer: Issuer) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: `urn:uuid:bench-${i}`,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: issuer.did, type: ['Profile'], name: 'Bench Academy' },
  validFrom: '2027-01-05T10:00:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    identifier: [
      { type: 'IdentityObject', identityHash: `user${i}@bench.example`, identityType: 'emailAddress', hashed: false },
    ],
    achievement: { id: ACHIEVEMENT, type: ['Achievement'], name: 'AI Practitioner' },
  },
  credentialStatus: {
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(i),
    statusListCredential: statusUrl(i % ISSUERS),
  },
});

const writeLines = async (path: string, lines: Iterable<string>): Promise<void> => {
  const out = createWriteStream(path);
  for (const l of lines) if (!out.write(`${l}\n`)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
};

export const generateSignedBadges = async (dir: string, n: number): Promise<{ issuers: Issuer[] }> => {
  await mkdir(dir, { recursive: true });
  const issuers: Issuer[] = Array.from({ length: ISSUERS }, (_, i) => {
    const pair = i % 10 === 9 ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    return { did: didKeyOf(pair.publicKey), key: pair.privateKey, alg: i % 10 === 9 ? 'ES256' : 'EdDSA' };
  });
  const per = Math.ceil(n / FILES);
  for (let f = 0; f < FILES; f++) {
    const from = f * per;
    const to = Math.min(n, from + per);
    await writeLines(
      join(dir, `badges-${f}.jwt`),
      (function* () {
        for (let i = from; i < to; i++) {
          const issuer = issuers[i % ISSUERS];
          if (issuer !== undefined) yield jws(credential(i, issuer), issuer);
        }
      })(),
    );
  }
  // Each issuer signs its own list (a list is believed only when the credential's issuer signed it).
  const lists = issuers.map((issuer, i) =>
    jws(
      {
        id: statusUrl(i),
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuer.did,
        validFrom: '2027-02-01T00:00:00Z',
        credentialSubject: {
          statusPurpose: 'revocation',
          encodedList: encodeStatusList(Math.max(131072, n), [], gzipSync),
        },
      },
      issuer,
    ),
  );
  await writeLines(join(dir, 'status-lists.jwt'), lists);
  return { issuers };
};

const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};
const rssMb = () => process.resourceUsage().maxRSS / 1024;

export async function run(opts: { credentials?: number; emit?: typeof emitLine } = {}): Promise<void> {
  const n = opts.credentials ?? Number(process.env.FLUENCYFLOW_BENCH_CREDENTIALS ?? 100_000);
  const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
    (opts.emit ?? emitLine)('badges', metric, value, unit, extra);
  const dir = await mkdtemp(join(tmpdir(), 'fluencyflow-bench-badges-'));
  try {
    const folder = join(dir, 'export');
    let t = process.hrtime.bigint();
    const { issuers } = await generateSignedBadges(folder, n);
    emit('credentials', n, 'count');
    emit('generate', ms(t), 'ms');
    emit('load_average', loadavg()[0] ?? 0, 'runnable');

    // The yardstick: the same folder read and every credential parsed, no signature or status checked.
    t = process.hrtime.bigint();
    let cpu = process.cpuUsage();
    let parsed = 0;
    for await (const item of readBadges(folder, { verify: false })) if ('record' in item) parsed++;
    const parseMs = ms(t);
    if (parsed !== n) throw new Error(`parsed ${parsed} credentials, expected ${n}`);
    emit('parse_only', parseMs, 'ms');
    emit('parse_only_cpu', cpuMs(cpu), 'ms');
    emit('parse_only_rss', rssMb(), 'MB');

    const trust = new Map<string, unknown[]>(issuers.map((i) => [i.did, []]));
    t = process.hrtime.bigint();
    cpu = process.cpuUsage();
    let verified = 0;
    for await (const item of readBadges(folder, { verify: { trust } }))
      if ('record' in item && item.record.proof.verification === 'verified') verified++;
    const verifyMs = ms(t);
    if (verified !== n) throw new Error(`verified ${verified} credentials, expected ${n}`);
    emit('read_and_verify', verifyMs, 'ms', {
      baseline: 'parse_only',
      ratio: Math.round((verifyMs / parseMs) * 100) / 100,
    });
    emit('read_and_verify_cpu', cpuMs(cpu), 'ms');
    emit('read_and_verify_rss', rssMb(), 'MB');

    const store = new StateStore(join(dir, 'state.db'), undefined, evidenceMigrations);
    try {
      t = process.hrtime.bigint();
      cpu = process.cpuUsage();
      const r = await importEvidence({
        kind: 'badges',
        file: folder,
        store,
        config: {
          credentials: { [ACHIEVEMENT]: 'bench:ai-practitioner' },
          evidence: { trust: issuers.map((i) => ({ issuer: i.did, keys: [] })) },
        },
        configDir: dir,
        zone: 'UTC',
      });
      const importMs = ms(t);
      if (r.loaded !== n || r.verification?.verified !== n)
        throw new Error(`imported ${r.loaded}, verified ${r.verification?.verified ?? 0} of ${n}`);
      emit('import_verified', importMs, 'ms', {
        baseline: 'parse_only',
        ratio: Math.round((importMs / parseMs) * 100) / 100,
      });
      emit('import_verified_cpu', cpuMs(cpu), 'ms');
      emit('peak_rss', rssMb(), 'MB');
      emit('per_credential', (importMs / n) * 1000, 'us');
    } finally {
      store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('badges.bench.ts')) await run();
