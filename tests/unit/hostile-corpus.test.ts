import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/engine/load-config.js';
import { FluencyError } from '../../src/errors.js';
import {
  readBadges,
  readCertifications,
  readEnrolments,
  readGithubCopilot,
  readIdentities,
  readM365Copilot,
  readUsage,
} from '../../src/evidence/index.js';
import { registerSecret } from '../../src/http/redact.js';

/**
 * A hostile corpus, generated here (nothing big is committed): each reader and the config loader get the same
 * family of broken, oversized, binary, escaped and secret-bearing inputs, plus seeded random ones. Every input
 * must end as records, counted row errors or one FluencyError with a stable code; never another exception.
 * Every message must be short, free of terminal control characters, and never hold the canary secret.
 */
const CANARY = 'sk-canary-7f3a9c1e55d04b2b';
registerSecret(CANARY);

const dir = mkdtempSync(join(tmpdir(), 'ff-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Reader = (path: string) => Promise<{ records: number; rowErrors: string[] }>;
const drain = async (items: AsyncIterable<{ record: unknown } | { error: { message: string } }>) => {
  let records = 0;
  const rowErrors: string[] = [];
  for await (const i of items) {
    if ('record' in i) records++;
    else rowErrors.push(i.error.message);
  }
  return { records, rowErrors };
};

const readers: Record<string, { ext: string; header: string; good: string; read: Reader }> = {
  certifications: {
    ext: 'csv',
    header: 'employee,issuer,credential,issued_on,expires_on,verification_url',
    good: 'ann@x.com,AWS,P,2027-01-05,9999-12-31,',
    read: (p) => drain(readCertifications(p)),
  },
  enrolments: {
    ext: 'csv',
    header: 'employee,level,programme,enrolled_on',
    good: 'ann@x.com,foundational,AI,1969-12-31',
    read: (p) => drain(readEnrolments(p)),
  },
  identities: {
    ext: 'csv',
    header: 'account,employee',
    good: 'octo,ann@x.com',
    read: async (p) => {
      const r = await readIdentities(p, 'ids.csv');
      return { records: r.pairs.length, rowErrors: r.errors.map((e) => e.message) };
    },
  },
  m365: {
    ext: 'csv',
    header: 'Report Refresh Date,User Principal Name,Last Activity Date,Report Period',
    good: '2027-03-28,ann@x.com,2027-03-27,7',
    read: (p) => drain(readM365Copilot(p)),
  },
  usage: {
    ext: 'ndjson',
    header: '',
    good: '{"employee":"ann@x.com","date":"2027-03-01","events":2}',
    read: (p) => drain(readUsage(p)),
  },
  github: {
    ext: 'ndjson',
    header: '',
    good: '{"day":"2027-03-01","user_login":"octo","user_initiated_interaction_count":3}',
    read: (p) => drain(readGithubCopilot(p)),
  },
  badges: {
    ext: 'json',
    header: '',
    good: JSON.stringify({
      type: 'Assertion',
      recipient: { type: 'email', identity: 'ann@x.com' },
      badge: { name: 'AI', issuer: { name: 'I' } },
      issuedOn: '2027-01-01',
    }),
    read: (p) => drain(readBadges(p, { verify: false })),
  },
};

/** Hostile bodies: a function of the reader's header and a good line, so each reader sees its own shape broken. */
const hostile: Record<string, (h: string, good: string) => string | Buffer> = {
  empty: () => '',
  'only a BOM': () => Buffer.from([0xef, 0xbb, 0xbf]),
  'UTF-16': (h, g) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${h}\n${g}`, 'utf16le')]),
  'random bytes': () => randomBytes(4096),
  'NUL bytes': (h, g) => `${h}\n${g.replace(/a/g, '\0')}\n`,
  'invalid UTF-8': (h, g) =>
    Buffer.concat([Buffer.from(`${h}\n`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`${g}\n`)]),
  'escape sequences': (h, g) => `${h}\n${g.replace(/ann/g, '\u001b[2J\u001b]0;pwned\u0007ann\u009b31m')}\n`,
  'bidi overrides': (h, g) => `${h}\n${g.replace(/ann/g, '\u202eann\u2066')}\n`,
  'canary secret as first line': () => `${CANARY}:${'x'.repeat(40)}\nsecond\n`,
  'canary secret in a field': (h, g) => `${h}\n${g.replace(/ann/g, CANARY)}\n{${CANARY}\n`,
  'shadow-like file': () => 'root:$6$saltsalt$c2VjcmV0aGFzaA:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n',
  'a 2 MB line': (h) => `${h}\n${'a'.repeat(2 << 20)}\n`,
  'a 100 KB header': (h, g) => `${h}${',x'.repeat(50_000)}\n${g}\n`,
  'a 20 KB field': (h, g) => `${h}\n${g.replace(/ann/, 'a'.repeat(20_000))}\n`,
  '10,000 columns': (h, g) => `${h}${',c'.repeat(10_000)}\n${g}\n`,
  'unterminated quote': (h, g) => `${h}\n"${g}\n${g}\n`,
  'CR only line ends': (h, g) => `${h}\r${g}\r${g}\r`,
  'counts 1e308 and -1': (h, g) => {
    const count = /("events"|"user_initiated_interaction_count"):\d+/;
    return `${h}\n${g.replace(count, '$1:1e308')}\n${g.replace(count, '$1:-1')}\n`;
  },
  'years 1000, 1969, 2201, 9999': (h, g) =>
    [
      h,
      ...['1000-01-01', '1969-12-31', '2201-01-01', '9999-12-31'].map((d) => g.replace(/\d{4}-\d{2}-\d{2}/g, d)),
    ].join('\n'),
  'years 0999 and 10000': (h, g) =>
    [h, g.replace(/\d{4}-\d{2}-\d{2}/, '0999-12-31'), g.replace(/\d{4}-\d{2}-\d{2}/, '10000-01-01')].join('\n'),
  'deep JSON nesting': (h) => `${h}\n${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
  '__proto__ keys': (h, g) =>
    `${h}\n${g.replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},')}\n`,
  'JSON where CSV is expected': () => '{"employee":"ann@x.com"}\n[1,2,3]\n',
  'CSV where JSON is expected': () => 'employee,date\nann@x.com,2027-03-01\n',
  'truncated gzip': (h, g) => gzipSync(Buffer.from(`${h}\n${g}\n`.repeat(100))).subarray(0, 60),
  'gzip of a 300 MB line': () => {
    const member = gzipSync(Buffer.alloc(1 << 20, 0x61));
    return Buffer.concat(Array.from({ length: 300 }, () => member));
  },
  'good input': (h, g) => (h === '' ? `${g}\n` : `${h}\n${g}\n`),
};

/** Config files: the loader's own limits (size, aliases, UTF-8, unknown and prototype keys) meet the same corpus. */
const hostileConfigs: Record<string, string | Buffer> = {
  'random bytes': randomBytes(2048),
  'invalid UTF-8': Buffer.from([0x76, 0x65, 0x72, 0x3a, 0xc3, 0x28]),
  'alias bomb': [
    'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ),
  ].join('\n'),
  '__proto__ key': 'version: 1\n__proto__:\n  polluted: true\n',
  'escape sequences': 'version: 1\norganization: "\\e[2Jpwned"\n\u001b[31m: x\n',
  'canary secret': `version: 1\norganization: ${CANARY}\n`,
  'a 2 MB config': `version: 1\norganization: ${'x'.repeat(2 << 20)}\n`,
  'deep nesting': `${'['.repeat(5000)}${']'.repeat(5000)}`,
  'YAML tags': 'version: !!js/function "function(){}"\n',
};

type Outcome = 'records' | 'records and row errors' | 'row errors only' | 'nothing' | string;

const check = (message: string, where: string) => {
  expect(
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(message),
    `${where}: control characters in ${JSON.stringify(message.slice(0, 200))}`,
  ).toBe(false);
  expect(message.includes(CANARY), `${where}: the secret in ${message.slice(0, 200)}`).toBe(false);
  expect(message.includes('$6$'), `${where}: file content in ${message.slice(0, 200)}`).toBe(false);
  expect(message.length, `${where}: a ${message.length}-character message`).toBeLessThanOrEqual(1000);
};

const run = async (label: string, go: () => Promise<{ records: number; rowErrors: string[] }>): Promise<Outcome> => {
  try {
    const r = await go();
    for (const m of r.rowErrors) check(m, label);
    if (r.records > 0) return r.rowErrors.length > 0 ? 'records and row errors' : 'records';
    return r.rowErrors.length > 0 ? 'row errors only' : 'nothing';
  } catch (e) {
    if (!(e instanceof FluencyError))
      throw new Error(
        `${label}: crashed with ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}` : String(e)}`,
        { cause: e },
      );
    check(e.message, label);
    return `refused ${e.code}`;
  }
};

describe('hostile corpus', () => {
  it('every input ends as records, counted row errors or a FluencyError; every message short, clean and secret-free', async () => {
    const outcomes = new Map<string, number>();
    const tally = (o: Outcome) => outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    const expectations: [string, Outcome][] = [];
    let inputs = 0;
    let bytes = 0;
    for (const [kind, r] of Object.entries(readers)) {
      for (const [name, make] of Object.entries(hostile)) {
        const body = make(r.header, r.good);
        const path = join(dir, `${kind}-${inputs}.${r.ext}${name.includes('gzip') ? '.gz' : ''}`);
        writeFileSync(path, body);
        inputs++;
        bytes += body.length;
        const o = await run(`${kind} / ${name}`, () => r.read(path));
        tally(o);
        expectations.push([`${kind} / ${name}`, o]);
      }
      // Seeded random inputs: the good line cut, spliced and salted with arbitrary text.
      const random = fc.sample(
        fc.tuple(fc.string({ unit: 'binary', maxLength: 200 }), fc.nat({ max: r.good.length }), fc.nat({ max: 3 })),
        { numRuns: 60, seed: 12 },
      );
      for (const [noise, cut, mode] of random) {
        const line =
          mode === 0
            ? r.good.slice(0, cut) + noise
            : mode === 1
              ? noise + r.good.slice(cut)
              : mode === 2
                ? r.good.replace(/[a-z]+/, noise)
                : noise;
        const body = r.header === '' ? `${line}\n${r.good}\n` : `${r.header}\n${line}\n${r.good}\n`;
        const path = join(dir, `${kind}-${inputs}.${r.ext}`);
        writeFileSync(path, body);
        inputs++;
        bytes += Buffer.byteLength(body);
        tally(await run(`${kind} / random ${inputs}`, () => r.read(path)));
      }
    }
    for (const [name, body] of Object.entries(hostileConfigs)) {
      const path = join(dir, `config-${inputs}.yaml`);
      writeFileSync(path, body);
      inputs++;
      bytes += body.length;
      const o = await run(`config / ${name}`, async () => {
        loadConfigFile(path);
        return { records: 1, rowErrors: [] };
      });
      tally(o);
      expectations.push([`config / ${name}`, o]);
    }
    const table = [...outcomes].sort((a, b) => b[1] - a[1]);
    console.info(
      `hostile corpus: ${inputs} inputs, ${(bytes / (1 << 20)).toFixed(1)} MB ` +
        `written\n${table.map(([o, n]) => `  ${String(n).padStart(4)}  ${o}`).join('\n')}`,
    );

    const by = new Map(expectations);
    // The good line is read by every reader; the limits refuse what they must, naming the file.
    for (const kind of Object.keys(readers)) expect(by.get(`${kind} / good input`), kind).toBe('records');
    for (const kind of ['certifications', 'enrolments', 'identities', 'm365']) {
      expect(by.get(`${kind} / a 2 MB line`), kind).toBe('refused FF_EVIDENCE_INVALID');
      expect(by.get(`${kind} / a 100 KB header`), kind).toBe('refused FF_EVIDENCE_INVALID');
      expect(by.get(`${kind} / a 20 KB field`), kind).toMatch(/row errors/);
      expect(by.get(`${kind} / UTF-16`), kind).toBe('refused FF_EVIDENCE_INVALID');
    }
    for (const kind of ['usage', 'github'])
      expect(by.get(`${kind} / counts 1e308 and -1`), kind).toBe('row errors only');
    for (const kind of Object.keys(readers))
      expect(by.get(`${kind} / gzip of a 300 MB line`), kind).toMatch(/^refused FF_EVIDENCE_INVALID$|row errors/);
    expect(by.get('config / alias bomb')).toBe('refused FF_CONFIG_LIMIT');
    expect(by.get('config / a 2 MB config')).toBe('refused FF_CONFIG_LIMIT');
    expect(by.get('config / __proto__ key')).toBe('refused FF_CONFIG_INVALID');
    expect(inputs).toBeGreaterThan(600);
    expect([...outcomes.keys()].every((o) => !o.includes('FF_INTERNAL'))).toBe(true);
  });
});
