import { createHash } from 'node:crypto';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { config as configSchema, type Config } from '../../../schemas/index.js';
import {
  epochDay,
  EvidenceStore,
  importEvidence,
  isoOfEpochDay,
  loadEvidence,
  type EmployeeIdentity,
} from '../../../src/evidence/index.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { tempDir } from './helpers.js';

const newDir = tempDir();
const stores: StateStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
const openStore = (dir: string, withMigrations = true) => {
  const s = new StateStore(
    join(dir, 'state.db'),
    () => '2027-03-28T00:00:00Z',
    withMigrations ? evidenceMigrations : [],
  );
  stores.push(s);
  return s;
};

const makeConfig = (evidence: Record<string, unknown> = {}): Config =>
  configSchema.parse({
    version: 1,
    organization: 'Test',
    cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
    ladder: [
      { id: 'foundational', evidence: { use: { minActiveDays: 4, windowDays: 28 } } },
      {
        id: 'practitioner',
        evidence: { credentials: ['aws:ai-practitioner'], use: { minActiveDays: 8, windowDays: 28 } },
      },
      { id: 'expert', evidence: { credentials: ['internal:expert'] } },
    ],
    grades: { expect: [{ level: 'foundational' }] },
    credentials: {
      'AWS Certified AI Practitioner': 'aws:ai-practitioner',
      'https://badges.example/classes/x': 'internal:expert',
    },
    evidence,
    connectors: [{ id: 'us', type: 'bamboohr' }],
  });

const people: EmployeeIdentity[] = [
  { connector: 'us', id: '1', employeeNumber: 'N1', email: 'ann@example.com' },
  { connector: 'us', id: '2', employeeNumber: 'N2', email: 'bob@example.com' },
  { connector: 'eu', id: '2', employeeNumber: 'N3', email: 'cat@example.com' },
];

describe('importEvidence', () => {
  it('imports a file once: the same file again is a no-op, a corrected file replaces what it supplied', async () => {
    const { dir, write } = newDir();
    const store = openStore(dir);
    const ev = new EvidenceStore(store.db);
    const file = write(
      'usage.ndjson',
      '{"employee":"ann@example.com","date":"2027-03-01","events":2}\n' +
        '{"employee":"ann@example.com","date":"2027-03-01","events":3}\n' +
        '{"employee":"bob@example.com","date":"2027-03-02"}\n{"employee":"x","date":"no"}\n',
    );
    const opts = {
      kind: 'usage' as const,
      file: 'usage.ndjson',
      store,
      config: { credentials: {} },
      configDir: dir,
      zone: 'UTC',
    };
    const first = await importEvidence(opts);
    expect(first).toMatchObject({
      unchanged: false,
      read: 4,
      loaded: 3,
      badRows: 1,
      subjects: 2,
      days: 2,
      source: 'usage:usage.ndjson',
    });
    expect(first.errors).toEqual([{ file: 'usage.ndjson', line: 4, message: 'date "no" is not a date (yyyy-mm-dd)' }]);
    expect(ev.counts()).toMatchObject({ sources: 1, usageSubjects: 2, usageDays: 2 });

    const again = await importEvidence(opts);
    expect(again).toMatchObject({ unchanged: true, loaded: 3, badRows: 1 });
    // Touched, same content: still a no-op (the hash decides).
    utimesSync(file, new Date('2030-01-01'), new Date('2030-01-01'));
    expect(await importEvidence(opts)).toMatchObject({ unchanged: true });
    expect(ev.counts()).toMatchObject({ sources: 1, usageSubjects: 2, usageDays: 2 });

    write('usage.ndjson', '{"employee":"cat@example.com","date":"2027-03-03"}\n');
    const corrected = await importEvidence(opts);
    expect(corrected).toMatchObject({ unchanged: false, loaded: 1, badRows: 0, subjects: 1 });
    expect(ev.counts()).toMatchObject({ sources: 1, usageSubjects: 1, usageDays: 1 });
  });

  it('applies its own migrations to a store opened without them', async () => {
    const { dir, write } = newDir();
    const store = openStore(dir, false);
    write(
      'c.csv',
      'employee,issuer,credential,issued_on,expires_on,verification_url\n' +
        'ann@example.com,AWS,AWS Certified AI Practitioner,2027-01-01,,\n',
    );
    const r = await importEvidence({
      kind: 'certifications',
      file: 'c.csv',
      store,
      config: { credentials: {} },
      configDir: dir,
      zone: 'UTC',
    });
    expect(r).toMatchObject({ loaded: 1, unchanged: false });
  });

  it('sums per subject per day the same way when it spills to temp files (tiny memory budget)', async () => {
    const { dir, write } = newDir();
    const lines: string[] = [];
    for (let d = 0; d < 20; d++)
      for (let i = 0; i < 300; i++)
        lines.push(
          JSON.stringify({
            employee: `u${i}@example.com`,
            date: isoOfEpochDay(epochDay('2027-03-01') + (d % 10)),
            events: 1 + (i % 3),
          }),
        );
    write('big.ndjson', lines.join('\n'));
    const base = {
      kind: 'usage' as const,
      file: 'big.ndjson',
      config: { credentials: {} },
      configDir: dir,
      zone: 'UTC',
    };
    const spilled = await importEvidence({
      ...base,
      store: openStore(join(dir, 'a')),
      aggregator: { partitions: 4, memoryBudget: 1 },
    });
    const inMemory = await importEvidence({ ...base, store: openStore(join(dir, 'b')) });
    expect(spilled).toMatchObject({ loaded: 6000, subjects: 300, days: 3000 });
    expect(inMemory).toMatchObject({ loaded: 6000, subjects: 300, days: 3000 });
  });
});

describe('loadEvidence', () => {
  it('imports the configured files, matches them to employees and builds bundles, reporting what did not match', async () => {
    const { dir, write } = newDir();
    const store = openStore(dir);
    write(
      'certs.csv',
      'employee,issuer,credential,issued_on,expires_on,verification_url\n' +
        'ANN+certs@example.com,AWS,AWS Certified AI Practitioner,2027-01-01,2027-02-28,\n' +
        'nobody@example.com,AWS,X,2027-01-01,,\n2,AWS,X,2027-01-01,,\n',
    );
    write(
      'enrol.csv',
      'employee,level,programme,enrolled_on\nN2,practitioner,Academy,2027-02-01\nN2,wizard,Hogwarts,2027-02-01\n',
    );
    write(
      'usage.ndjson',
      ['2027-03-26', '2027-03-27', '2027-03-29']
        .map((date) => JSON.stringify({ employee: 'ann@example.com', date, events: 2, minutesSaved: 5 }))
        .join('\n'),
    );
    write(
      'gh.ndjson.gz',
      '{"day":"2027-03-27","user_login":"annL","user_initiated_interaction_count":4}\n' +
        '{"day":"2027-03-27","user_login":"stranger","user_initiated_interaction_count":1}\n',
      { gzip: true },
    );
    write('ids.csv', 'account,employee\nannl,ann@example.com\n');
    const salted = `sha256$${createHash('sha256').update('cat@example.comNaCl').digest('hex')}`;
    write(
      'badges/x.json',
      JSON.stringify({
        type: 'Assertion',
        recipient: { type: 'email', hashed: true, salt: 'NaCl', identity: salted },
        badge: 'https://badges.example/classes/x',
        issuedOn: '2027-02-02',
      }),
    );
    const config = makeConfig({
      certifications: 'certs.csv',
      enrolments: ['enrol.csv'],
      usage: 'usage.ndjson',
      githubCopilot: 'gh.ndjson.gz',
      badges: 'badges',
      identities: 'ids.csv',
    });
    const loaded = await loadEvidence({
      config,
      configDir: dir,
      store,
      employees: people,
      zone: 'UTC',
      asOf: '2027-03-28',
    });

    const ann = loaded.bundleFor('us:1');
    expect(ann.certifications).toEqual([
      expect.objectContaining({
        credentialId: 'aws:ai-practitioner',
        issuer: 'AWS',
        expiresOn: '2027-02-28',
        source: 'certs.csv:2',
      }),
    ]);
    // Days after as-of are left out; the same day from two tools is one day with the events summed.
    expect([...ann.usage.days].map(isoOfEpochDay)).toEqual(['2027-03-26', '2027-03-27']);
    expect([...ann.usage.events]).toEqual([2, 6]);
    expect([...ann.usage.minutes]).toEqual([5, 5]);
    expect(loaded.bundleFor('us:2').enrolments.map((e) => e.level)).toEqual(['practitioner', 'wizard']);
    expect(loaded.bundleFor('eu:2').certifications).toEqual([
      expect.objectContaining({ credentialId: 'internal:expert', issuer: 'internal', credential: 'expert' }),
    ]);
    expect(loaded.bundleFor('zz:9').usage.days).toHaveLength(0);

    const codes = loaded.issues.map((i) => `${i.code} ${i.where}`);
    expect(codes).toContain('EVIDENCE_UNKNOWN_LEVEL enrol.csv:3');
    expect(loaded.issues.find((i) => i.code === 'EVIDENCE_UNMATCHED' && i.where === 'certs.csv')?.message).toMatch(
      /^1 record in certs.csv matches no employee .*nobody@example.com/,
    );
    expect(loaded.issues.find((i) => i.code === 'EVIDENCE_AMBIGUOUS')?.message).toMatch(
      /^1 record in certs.csv names more than one employee/,
    );
    expect(loaded.issues.find((i) => i.where === 'gh.ndjson.gz')?.message).toMatch(
      /tool accounts that evidence.identities does not map \(e.g. stranger\)/,
    );
    expect(loaded.counts).toMatchObject({
      employees: 3,
      sources: 5,
      certifications: 4,
      certificationsMatched: 2,
      unmatched: 2,
      ambiguous: 1,
    });

    // A second load imports nothing again and gives the same result.
    const again = await loadEvidence({
      config,
      configDir: dir,
      store,
      employees: people,
      zone: 'UTC',
      asOf: '2027-03-28',
    });
    expect(again.imports.every((i) => i.unchanged)).toBe(true);
    expect(again.counts).toEqual(loaded.counts);
  });

  it('reports salted badges beyond the hash budget instead of spending hours on them', async () => {
    const { dir, write } = newDir();
    const store = openStore(dir);
    for (const salt of ['a', 'b', 'c'])
      write(
        `b/${salt}.json`,
        JSON.stringify({
          type: 'Assertion',
          recipient: {
            hashed: true,
            salt,
            identity: `sha256$${createHash('sha256').update(`ann@example.com${salt}`).digest('hex')}`,
          },
          badge: 'https://badges.example/classes/x',
          issuedOn: '2027-02-02',
        }),
      );
    const loaded = await loadEvidence({
      config: makeConfig({ badges: 'b' }),
      configDir: dir,
      store,
      employees: people,
      zone: 'UTC',
      asOf: '2027-03-28',
      hashBudget: 6,
    });
    expect(loaded.bundleFor('us:1').certifications).toHaveLength(2);
    expect(loaded.issues.find((i) => i.code === 'EVIDENCE_HASH_BUDGET')?.message).toMatch(/^1 Open Badges assertions/);
  });
});

describe('importEvidence on a missing file', () => {
  it('fails with FF_EVIDENCE_INVALID naming the file', async () => {
    const { dir } = newDir();
    const err = await importEvidence({
      kind: 'usage',
      file: 'nope.ndjson',
      store: openStore(dir),
      config: { credentials: {} },
      configDir: dir,
      zone: 'UTC',
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FF_EVIDENCE_INVALID', message: expect.stringMatching(/nope\.ndjson/) });
  });
});
