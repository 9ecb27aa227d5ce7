import { describe, expect, it } from 'vitest';
import { readCertifications, readEnrolments } from '../../../src/evidence/index.js';
import { EvidenceError } from '../../../src/errors.js';
import { collect, tempDir } from './helpers.js';

const newDir = tempDir();
const HEADER = 'employee,issuer,credential,issued_on,expires_on,verification_url';

describe('readCertifications', () => {
  it('reads rows with a BOM and Windows line endings, maps credential ids through the alias map', async () => {
    const { write } = newDir();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const text = [
      HEADER,
      'ann@example.com,AWS,AWS Certified AI Practitioner,2027-01-05,2030-01-05,https://verify.example/1',
      '1002,Google,AI Essentials,2027-02-01,,',
    ].join('\r\n');
    const path = write('certifications.csv', Buffer.concat([bom, Buffer.from(text)]));
    const items = await collect(
      readCertifications(path, { credentials: { 'AWS Certified AI Practitioner': 'aws:ai-practitioner' } }),
    );
    expect(items).toHaveLength(2);
    const [a, b] = items.map((i) => ('record' in i ? i.record : null));
    expect(a).toMatchObject({
      employee: 'ann@example.com',
      issuedOn: '2027-01-05',
      expiresOn: '2030-01-05',
      credentialId: 'aws:ai-practitioner',
      source: 'certifications.csv:2',
    });
    expect(b).toMatchObject({
      employee: '1002',
      expiresOn: null,
      verificationUrl: null,
      credentialId: 'google:ai essentials',
      source: 'certifications.csv:3',
    });
  });

  it('reports malformed rows with their line and keeps reading; a quoted line break does not shift line numbers', async () => {
    const { write } = newDir();
    const path = write(
      'c.csv',
      [
        HEADER,
        'a@x.com,AWS,"Multi\r\nline",2027-01-01,,',
        'b@x.com,AWS,P,not-a-date,,',
        ',AWS,P,2027-01-01,,',
        'c@x.com,AWS,P,2027-03-01,2027-02-01,',
        'd@x.com,AWS,P,2027-02-30,,',
        'e@x.com,AWS,P,2027-01-01,,',
      ].join('\r\n'),
    );
    const items = await collect(readCertifications(path));
    const errors = items.flatMap((i) => ('error' in i ? [`${i.error.line}: ${i.error.message}`] : []));
    expect(errors).toEqual([
      '4: issued_on "not-a-date" is not a date (yyyy-mm-dd)',
      '5: employee is empty',
      '6: expires_on 2027-02-01 is before issued_on 2027-03-01',
      '7: issued_on "2027-02-30" is not a date (yyyy-mm-dd)',
    ]);
    const records = items.flatMap((i) => ('record' in i ? [i.record.source] : []));
    expect(records).toEqual(['c.csv:2', 'c.csv:8']);
  });

  it('reports a row that is not UTF-8 (a Windows-1252 export) and reads the others', async () => {
    const { write } = newDir();
    const latin1 = Buffer.from('jos\xe9@x.com,AWS,P,2027-01-01,,', 'latin1');
    const path = write(
      'c.csv',
      Buffer.concat([Buffer.from(`${HEADER}\n`), latin1, Buffer.from('\nok@x.com,AWS,P,2027-01-01,,\n')]),
    );
    const items = await collect(readCertifications(path));
    expect(items[0]).toEqual({
      error: { file: 'c.csv', line: 2, message: 'not valid UTF-8 (save the file as UTF-8)' },
    });
    expect(items[1]).toMatchObject({ record: { employee: 'ok@x.com' } });
  });

  it('reads gzip by extension and by magic bytes', async () => {
    const { write } = newDir();
    const text = `${HEADER}\nann@x.com,AWS,P,2027-01-01,,\n`;
    for (const name of ['c.csv.gz', 'c-no-extension.csv']) {
      const items = await collect(readCertifications(write(name, text, { gzip: true })));
      expect(items).toEqual([{ record: expect.objectContaining({ employee: 'ann@x.com' }) }]);
    }
  });

  it('refuses a wrong header with one error naming the file and the missing columns', async () => {
    const { write } = newDir();
    const path = write('certs.csv', 'employee,issuer,name,issued\nann@x.com,AWS,P,2027-01-01\n');
    const err = await collect(readCertifications(path)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceError);
    expect(String(err instanceof Error ? err.message : err)).toMatch(
      /certs\.csv: the header lacks the columns credential, issued_on, expires_on, verification_url/,
    );
  });

  it('refuses a UTF-16 file with a hint', async () => {
    const { write } = newDir();
    const path = write('c.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]));
    await expect(collect(readCertifications(path))).rejects.toThrow(/UTF-16/);
  });
});

describe('readEnrolments', () => {
  it('reads enrolments and reports rows without a level or a date', async () => {
    const { write } = newDir();
    const path = write(
      'e.csv',
      'employee,level,programme,enrolled_on\nann@x.com,practitioner,AI Academy,2027-01-10\n' +
        'bob@x.com,,AI Academy,2027-01-10\ncat@x.com,expert,X,soon\n',
    );
    const items = await collect(readEnrolments(path));
    expect(items[0]).toEqual({
      record: {
        employee: 'ann@x.com',
        level: 'practitioner',
        programme: 'AI Academy',
        enrolledOn: '2027-01-10',
        source: 'e.csv:2',
      },
    });
    expect(items.slice(1)).toEqual([
      { error: { file: 'e.csv', line: 3, message: 'level is empty' } },
      { error: { file: 'e.csv', line: 4, message: 'enrolled_on "soon" is not a date (yyyy-mm-dd)' } },
    ]);
  });
});
