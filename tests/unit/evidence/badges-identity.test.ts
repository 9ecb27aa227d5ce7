import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Employee } from '../../../schemas/index.js';
import {
  AMBIGUOUS,
  buildIdentityIndex,
  normalizeEmail,
  readBadges,
  UNMATCHED,
  type EmployeeIdentity,
} from '../../../src/evidence/index.js';
import { employeeWith } from '../../helpers/employee.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();
const sha = (s: string) => `sha256$${createHash('sha256').update(s).digest('hex')}`;

const people: EmployeeIdentity[] = [
  { connector: 'us', id: '1001', employeeNumber: 'E-1', email: 'Ann.Lee@Example.com' },
  { connector: 'us', id: '1002', employeeNumber: 'E-2', email: 'bob@example.com' },
  { connector: 'eu', id: '1002', employeeNumber: 'EU-9', email: 'bob@example.de' },
  { connector: 'eu', id: '2001', employeeNumber: 'E-1', email: null },
];

describe('buildIdentityIndex', () => {
  const index = buildIdentityIndex(people, {
    domainAliases: { 'example.co.uk': 'example.com' },
    accounts: [
      ['octocat', 'ann.lee@example.com'],
      ['ghost', 'nobody@example.com'],
      ['twin', '1002'],
    ],
  });

  it('matches work e-mails without case, +tags and through domain aliases', () => {
    expect(index.resolve('ann.lee@example.com')).toBe(0);
    expect(index.resolve('ANN.LEE+ai@EXAMPLE.COM')).toBe(0);
    expect(index.resolve('ann.lee@example.co.uk')).toBe(0);
    expect(normalizeEmail('X+y@B.org')).toBe('x@b.org');
  });

  it('matches HRIS ids and employee numbers exactly as written, and reports two employees as ambiguous', () => {
    expect(index.resolve('E-2')).toBe(1);
    expect(index.resolve('e-2')).toBe(UNMATCHED);
    expect(index.resolve('1001')).toBe(0);
    expect(index.resolve('1002')).toBe(AMBIGUOUS);
    expect(index.resolve('E-1')).toBe(AMBIGUOUS);
    expect(index.resolve('nobody@example.com')).toBe(UNMATCHED);
  });

  it('maps tool accounts through evidence.identities and reports accounts whose employee is unknown or ambiguous', () => {
    expect(index.resolve('OctoCat', 'account')).toBe(0);
    expect(index.resolve('octocat')).toBe(0);
    expect(index.resolve('ann.lee@example.com', 'account')).toBe(UNMATCHED);
    expect(index.badAccounts).toEqual([
      { account: 'ghost', employee: 'nobody@example.com', problem: 'unmatched' },
      { account: 'twin', employee: '1002', problem: 'ambiguous' },
    ]);
  });

  it('finds employees by key even when two connectors share an id', () => {
    expect(index.indexOfKey('us:1002')).toBe(1);
    expect(index.indexOfKey('eu:1002')).toBe(2);
    expect(index.indexOfKey('us:2001')).toBe(UNMATCHED);
  });

  it('matches hashed recipients against work e-mails, salted or not, never a +tag variant', () => {
    expect(index.resolveHash(sha('ann.lee@example.com'), null)).toBe(0);
    expect(index.resolveHash(sha('ann.lee@example.comNaCl'), 'NaCl')).toBe(0);
    expect(index.resolveHash(sha('Ann.Lee@Example.com'), null)).toBe(0);
    expect(index.resolveHash(sha('ann.lee@example.co.uk'), null)).toBe(0);
    expect(index.resolveHash(sha('ann.lee@example.com'), 'other-salt')).toBe(UNMATCHED);
    expect(index.resolveHash(sha('ann.lee+x@example.com'), null)).toBe(UNMATCHED);
  });

  it('accepts full Employee records', () => {
    const full: Employee = { ...people[0], ...employeeWith({ connector: 'us', id: '1', email: 'z@x.com' }) };
    expect(buildIdentityIndex([full]).resolve('Z@X.COM')).toBe(0);
  });
});

describe('readBadges (Open Badges 2.0 and 3.0)', () => {
  const ob2 = (over: Record<string, unknown>) => ({
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'https://badges.example/assertions/1',
    recipient: { type: 'email', hashed: true, salt: 'deadsea', identity: sha('ann.lee@example.comdeadsea') },
    badge: {
      id: 'https://badges.example/classes/ai-prac',
      type: 'BadgeClass',
      name: 'AI Practitioner',
      issuer: { id: 'https://aws.example', name: 'AWS' },
    },
    issuedOn: '2027-01-05T10:00:00Z',
    verification: { type: 'hosted' },
    ...over,
  });
  const ob3 = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'https://issuer.example/credentials/9',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://issuer.example', type: ['Profile'], name: 'Google' },
    validFrom: '2027-02-01T00:00:00Z',
    validUntil: '2029-02-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityHash: sha('bob@example.com'), identityType: 'emailAddress', hashed: true },
      ],
      achievement: {
        id: 'https://issuer.example/achievements/ai-essentials',
        type: ['Achievement'],
        name: 'AI Essentials',
        criteria: { narrative: '...' },
      },
    },
  };

  it('reads a folder of 2.0 and 3.0 files (JSON, JSON-LD, an array, gzip), mapping badge classes to ladder ids', async () => {
    const { dir, write } = newDir();
    write('a.json', JSON.stringify(ob2({})));
    write('b.jsonld.gz', JSON.stringify(ob3), { gzip: true });
    write(
      'c.json',
      JSON.stringify([
        ob2({
          recipient: { type: 'email', identity: 'Bob@Example.com' },
          revoked: true,
          revocationReason: 'issued in error',
        }),
        { type: 'Assertion' },
      ]),
    );
    write('notes.txt', 'ignored');
    const items = await collect(
      readBadges(dir, {
        credentials: {
          'https://badges.example/classes/ai-prac': 'aws:ai-practitioner',
          'AI Essentials': 'google:ai-essentials',
        },
      }),
    );
    const records = items.flatMap((i) => ('record' in i ? [i.record] : []));
    expect(
      records.map((r) => [
        r.employee.slice(0, 12),
        r.subjectKind,
        r.salt,
        r.credentialId,
        r.issuedOn,
        r.expiresOn,
        r.revoked,
      ]),
    ).toEqual([
      [
        'sha256$' + sha('ann.lee@example.comdeadsea').slice(7, 12),
        'email-hash',
        'deadsea',
        'aws:ai-practitioner',
        '2027-01-05',
        null,
        false,
      ],
      [
        'sha256$' + sha('bob@example.com').slice(7, 12),
        'email-hash',
        null,
        'google:ai-essentials',
        '2027-02-01',
        '2029-02-01',
        false,
      ],
      ['Bob@Example.', 'email', null, 'aws:ai-practitioner', '2027-01-05', null, true],
    ]);
    expect(records[0]).toMatchObject({
      issuer: 'aws',
      credential: 'ai-practitioner',
      verificationUrl: 'https://badges.example/assertions/1',
      badgeName: 'AI Practitioner',
    });
    const errors = items.flatMap((i) => ('error' in i ? [i.error] : []));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.file).toMatch(/c\.json$/);
    expect(errors[0]?.message).toMatch(/^item 2: not an Open Badges assertion/);
  });

  it('keeps an unmapped badge under its issuer and name', async () => {
    const { write } = newDir();
    const path = write('one.json', JSON.stringify(ob2({ badge: 'https://other.example/classes/7' })));
    const [item] = await collect(readBadges(path));
    expect(item).toMatchObject({
      record: { issuer: 'other.example', credential: 'https://other.example/classes/7', mapped: false },
    });
  });
});
