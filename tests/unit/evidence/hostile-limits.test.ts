import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { config as configSchema } from '../../../schemas/index.js';
import {
  loadEvidence,
  readBadges,
  readCertifications,
  readEnrolments,
  readGithubCopilot,
  readM365Copilot,
  readUsage,
} from '../../../src/evidence/index.js';
import { CSV_FIELD_CHARS, CSV_RECORD_BYTES, NDJSON_LINE_BYTES } from '../../../src/evidence/limits.js';
import { evidenceMigrations } from '../../../src/state/evidence-migrations.js';
import { StateStore } from '../../../src/state/state-store.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();

/** A file of `size` bytes that starts with `head` and is zeros after it (sparse: no disk, no newline). */
const sparse = (path: string, head: string, size: number): string => {
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
};

/** Reads with a byte counter on the stored bytes: how much of the file the reader pulled in before it stopped. */
const counted = () => {
  let bytes = 0;
  return { onRawChunk: (c: Buffer) => void (bytes += c.length), read: () => bytes };
};

const GB = 1 << 30;
const lines = <T>(items: ({ record: T } | { error: { line: number; message: string } })[]) =>
  items.map((i) => ('record' in i ? i.record : `${i.error.line}: ${i.error.message}`));

describe('dates in years 1000-9999 through every reader, 9999-12-31 as "no end"', () => {
  const DATES = ['1000-01-01', '1969-12-31', '2201-01-01', '9999-12-31'];

  it('certifications: every year is a date, and an expiry of 9999-12-31 is no expiry', async () => {
    const { write } = newDir();
    const rows = DATES.map((d, i) => `p${i}@x.com,AWS,P,${d},${d === '9999-12-31' ? '' : '9999-12-31'},`);
    const path = write(
      'c.csv',
      [
        'employee,issuer,credential,issued_on,expires_on,verification_url',
        ...rows,
        'q@x.com,AWS,P,0999-12-31,,',
        'r@x.com,AWS,P,2027-01-01,10000-01-01,',
      ].join('\n'),
    );
    const out = lines(await collect(readCertifications(path)));
    expect(out.slice(0, 4)).toEqual(DATES.map((d) => expect.objectContaining({ issuedOn: d, expiresOn: null })));
    expect(out.slice(4)).toEqual([
      '6: issued_on "0999-12-31" is not a date (yyyy-mm-dd)',
      '7: expires_on "10000-01-01" is not a date (yyyy-mm-dd)',
    ]);
  });

  it('enrolments and badges read the same years; a badge expiring 9999-12-31 never expires', async () => {
    const { write } = newDir();
    const enrol = write(
      'e.csv',
      ['employee,level,programme,enrolled_on', ...DATES.map((d, i) => `p${i}@x.com,foundational,AI 101,${d}`)].join(
        '\n',
      ),
    );
    expect(lines(await collect(readEnrolments(enrol)))).toEqual(
      DATES.map((d) => expect.objectContaining({ enrolledOn: d })),
    );
    const badge = (issuedOn: string, expires?: string) =>
      JSON.stringify({
        type: 'Assertion',
        recipient: { type: 'email', identity: 'ann@x.com' },
        badge: { name: 'AI', issuer: { name: 'I' } },
        issuedOn,
        ...(expires ? { expires } : {}),
      });
    const badges = write(
      'b.ndjson',
      [
        badge('1000-01-01'),
        badge('1969-12-31T23:00:00Z', '9999-12-31'),
        badge('2201-01-01', '9999-12-31T23:59:59Z'),
      ].join('\n'),
    );
    const out = lines(await collect(readBadges(badges, { verify: false })));
    expect(out).toEqual([
      expect.objectContaining({ issuedOn: '1000-01-01', expiresOn: null }),
      expect.objectContaining({ issuedOn: '1969-12-31', expiresOn: null }),
      expect.objectContaining({ issuedOn: '2201-01-01', expiresOn: null }),
    ]);
  });

  it('usage: a date is read in any year, but use is kept for 1970-2200 only, and the others are counted rejections', async () => {
    const { write } = newDir();
    const use = write(
      'u.ndjson',
      [...DATES, '1970-01-01', '2200-12-31']
        .map((date) => JSON.stringify({ employee: 'ann@x.com', date, events: 1 }))
        .join('\n'),
    );
    const out = lines(await collect(readUsage(use)));
    expect(out).toEqual([
      ...DATES.map((d, i) => `${i + 1}: date ${d} is outside the years usage is kept for (1970-01-01 to 2200-12-31)`),
      expect.objectContaining({ date: '1970-01-01' }),
      expect.objectContaining({ date: '2200-12-31' }),
    ]);
    const gh = write(
      'gh.ndjson',
      ['1969-12-31', '2027-03-01']
        .map((day) => JSON.stringify({ day, user_login: 'octo', user_initiated_interaction_count: 1 }))
        .join('\n'),
    );
    expect(lines(await collect(readGithubCopilot(gh)))).toEqual([
      '1: day 1969-12-31 is outside the years usage is kept for (1970-01-01 to 2200-12-31)',
      expect.objectContaining({ date: '2027-03-01' }),
    ]);
    const m365 = write(
      'm.csv',
      [
        'Report Refresh Date,User Principal Name,Last Activity Date,Report Period',
        '9999-12-31,ann@x.com,2201-01-01,',
        '2027-03-28,bob@x.com,2027-03-27,7',
      ].join('\n'),
    );
    expect(lines(await collect(readM365Copilot(m365)))).toEqual([
      '2: last activity date 2201-01-01 is outside the years usage is kept for (1970-01-01 to 2200-12-31)',
      expect.objectContaining({ employee: 'bob@x.com', date: '2027-03-27' }),
    ]);
  });
});

describe('counts that are not sane', () => {
  it('refuses events: 1e308 and minutesSaved: 1e308 row by row, in the fast and the slow path', async () => {
    const { write } = newDir();
    const path = write(
      'u.ndjson',
      [
        '{"employee":"a@x.com","date":"2027-03-01","events":1e308}',
        '{"employee":"a\\u0040x.com","date":"2027-03-01","events":1e308}',
        '{"employee":"a@x.com","date":"2027-03-01","minutesSaved":1e308}',
        '{"employee":"a@x.com","date":"2027-03-01","events":1000000,"minutesSaved":1440}',
      ].join('\n'),
    );
    expect(lines(await collect(readUsage(path)))).toEqual([
      '1: events 1e+308 is not a sane count (at most 1000000 on one line)',
      '2: events 1e+308 is not a sane count (at most 1000000 on one line)',
      '3: minutesSaved 1e+308 is more than a day holds (at most 1440 on one line)',
      expect.objectContaining({ events: 1_000_000, minutesSaved: 1440 }),
    ]);
    const gh = write(
      'gh.ndjson',
      JSON.stringify({ day: '2027-03-01', user_login: 'octo', code_acceptance_activity_count: 1e308 }),
    );
    expect(lines(await collect(readGithubCopilot(gh)))).toEqual([
      expect.stringMatching(/^1: code_acceptance_activity_count: /),
    ]);
  });
});

describe('size limits on evidence files', () => {
  it('a 1 GB CSV row is refused at the record limit, naming file and line, after reading about that much', async () => {
    const { dir } = newDir();
    const path = sparse(
      join(dir, 'c.csv'),
      'employee,issuer,credential,issued_on,expires_on,verification_url\nann@x.com,AWS,',
      GB,
    );
    const c = counted();
    await expect(collect(readCertifications(path, { onRawChunk: c.onRawChunk }))).rejects.toMatchObject({
      code: 'FF_EVIDENCE_INVALID',
      message:
        'c.csv:2: the record starting on line 2 is longer than 1 MB (the limit for a CSV record; ' +
        'a quote left open makes the rest of the file one record)',
    });
    expect(c.read()).toBeLessThan(CSV_RECORD_BYTES + (8 << 20));
  });

  it('a 1 GB CSV header is refused the same way; a 100 KB header at the header limit; neither is quoted', async () => {
    const { dir, write } = newDir();
    const c = counted();
    const huge = sparse(join(dir, 'h.csv'), 'employee,', GB);
    await expect(collect(readEnrolments(huge, { onRawChunk: c.onRawChunk }))).rejects.toMatchObject({
      message: expect.stringMatching(/^h\.csv:1: the header starting on line 1 is longer than 1 MB/),
    });
    expect(c.read()).toBeLessThan(CSV_RECORD_BYTES + (8 << 20));
    const wide = write('w.csv', `employee,${'x'.repeat(100_000)}\nann,1\n`);
    const err = await collect(readEnrolments(wide)).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'FF_EVIDENCE_INVALID',
      message: 'w.csv:1: the header is longer than 64 KB (the limit for a CSV header)',
    });
  });

  it('a field over the field limit is a counted row error; the rows after it are read', async () => {
    const { write } = newDir();
    const path = write(
      'e.csv',
      [
        'employee,level,programme,enrolled_on',
        `ann@x.com,foundational,${'p'.repeat(CSV_FIELD_CHARS + 1)},2027-01-01`,
        'bob@x.com,foundational,AI,2027-01-02',
      ].join('\n'),
    );
    expect(lines(await collect(readEnrolments(path)))).toEqual([
      '2: field 3 ("programme") is longer than 16 KB (the limit for a CSV field)',
      expect.objectContaining({ employee: 'bob@x.com' }),
    ]);
  });

  it('a first line that is not a header (any file named as evidence) is described, never quoted', async () => {
    const { write } = newDir();
    const path = write('shadow', 'root:$6$saltsalt$c2VjcmV0aGFzaHZhbHVlc2VjcmV0aGFzaA:19000:0:99999:7:::\n');
    const err = await collect(readCertifications(path)).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'FF_EVIDENCE_INVALID',
      message: expect.stringContaining('the first line is not a list of column names (1 field, not shown)'),
    });
    expect(String(err)).not.toContain('$6$');
    const escaped = write('esc.csv', 'employee,\u001b[31mlevel\n');
    const err2 = await collect(readCertifications(escaped)).catch((e: unknown) => e);
    expect(String(err2)).not.toContain('\u001b');
  });

  it('a 1 GB NDJSON line is refused at the line limit without holding the file', async () => {
    const { dir } = newDir();
    const path = sparse(join(dir, 'u.ndjson'), '{"employee":"', GB);
    const c = counted();
    await expect(collect(readUsage(path, { onRawChunk: c.onRawChunk }))).rejects.toMatchObject({
      code: 'FF_EVIDENCE_INVALID',
      message: 'u.ndjson: line 1 is longer than 64 MB (the limit for one line)',
    });
    expect(c.read()).toBeLessThan(NDJSON_LINE_BYTES + (8 << 20));
  });

  it('a gzip bomb of a badge file is stopped at the badge file limit', async () => {
    const { write } = newDir();
    // 300 gzip members of 1 MB of spaces each (a reader must take them all as one stream): 300 MB from about 300 KB.
    const member = gzipSync(Buffer.alloc(1 << 20, 0x20));
    const path = write('bomb.json.gz', Buffer.concat(Array.from({ length: 300 }, () => member)));
    await expect(collect(readBadges(path, { verify: false }))).rejects.toMatchObject({
      code: 'FF_EVIDENCE_INVALID',
      message: expect.stringMatching(/^bomb\.json\.gz: larger than 256 MB/),
    });
  });
});

describe('salted badge recipients: the cost of a plan is bounded', () => {
  const stores: StateStore[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });

  it('3,000 distinct salts cost at most the hash budget, keep nothing per salt, and are counted', async () => {
    const { dir, write } = newDir();
    const store = new StateStore(join(dir, 'state.db'), () => '2027-03-28T00:00:00Z', evidenceMigrations);
    stores.push(store);
    const people = Array.from({ length: 20 }, (_, i) => ({
      connector: 'us',
      id: String(i),
      employeeNumber: null,
      email: `p${i}@example.com`,
    }));
    const salts = Array.from({ length: 3000 }, (_, i) => `salt-${i}`);
    const hash = (email: string, salt: string) =>
      `sha256$${createHash('sha256')
        .update(email + salt)
        .digest('hex')}`;
    // Two badges share the first salt (so it is hashed first), for two real employees; the rest name nobody.
    const docs = [
      { salt: salts[0] ?? '', identity: hash('p3@example.com', salts[0] ?? '') },
      { salt: salts[0] ?? '', identity: hash('p4@example.com', salts[0] ?? '') },
      ...salts.slice(1).map((salt) => ({ salt, identity: hash('stranger@example.com', salt) })),
    ].map((r) =>
      JSON.stringify({
        type: 'Assertion',
        recipient: { type: 'email', hashed: true, ...r },
        badge: 'https://badges.example/classes/x',
        issuedOn: '2027-02-02',
      }),
    );
    write('b/export.ndjson', docs.join('\n'));
    const config = configSchema.parse({
      version: 1,
      organization: 'Test',
      cycle: { id: 'FY2027', start: '2027-01-01', end: '2027-12-31', zone: 'UTC' },
      ladder: [
        { id: 'a', evidence: { use: { minActiveDays: 1, windowDays: 28 } } },
        { id: 'b', evidence: { use: { minActiveDays: 2, windowDays: 28 } } },
        { id: 'expert', evidence: { credentials: ['internal:expert'] } },
      ],
      grades: { expect: [{ level: 'a' }] },
      credentials: { 'https://badges.example/classes/x': 'internal:expert' },
      evidence: { badges: 'b', verification: 'off' },
      connectors: [{ id: 'us', type: 'bamboohr' }],
    });
    const budget = 20 * 100;
    const loaded = await loadEvidence({
      config,
      configDir: dir,
      store,
      employees: people,
      zone: 'UTC',
      asOf: '2027-03-28',
      hashBudget: budget,
    });
    expect(loaded.index.hashesComputed).toBeLessThanOrEqual(budget);
    expect(loaded.bundleFor('us:3').certifications).toHaveLength(1);
    expect(loaded.bundleFor('us:4').certifications).toHaveLength(1);
    const issue = loaded.issues.find((i) => i.code === 'EVIDENCE_HASH_BUDGET');
    expect(issue?.message).toBe(
      '2900 Open Badges assertions with salted recipients were not matched: ' +
        'their 2900 distinct salts would take more than the 2000 e-mail hashes a plan may spend (20 per salt); ' +
        'export plain recipients or map them in evidence.identities',
    );
  });
});
