import { excerpt } from '../../state/safe-text.js';
import type { CertificationRecord } from '../../../schemas/index.js';
import { credentialAliases, credentialIdFor } from '../credential-id.js';
import { readCsv, rowError } from './csv.js';
import { DayResolver, endDate } from '../dates.js';
import { displayName, type CertificationItem, type ReaderOptions } from './reader-options.js';

const CERTIFICATION_COLUMNS = [
  'employee',
  'issuer',
  'credential',
  'issued_on',
  'expires_on',
  'verification_url',
] as const;

/** Streams `certifications.csv` (DESIGN §5): one record or one row error per data row. */
export async function* readCertifications(path: string, opts: ReaderOptions = {}): AsyncGenerator<CertificationItem> {
  const file = displayName(path, opts);
  const days = new DayResolver(opts.zone ?? 'UTC');
  const aliases = credentialAliases(opts.credentials);
  for await (const row of readCsv(path, { file, required: CERTIFICATION_COLUMNS, onRawChunk: opts.onRawChunk })) {
    if ('error' in row) {
      yield { error: rowError(file, row.line, row.error) };
      continue;
    }
    const fail = (message: string) => ({ error: rowError(file, row.line, message) });
    const employee = row.get('employee');
    const issuer = row.get('issuer');
    const credential = row.get('credential');
    if (employee === '') {
      yield fail('employee is empty');
      continue;
    }
    if (issuer === '' || credential === '') {
      yield fail('issuer and credential are both required');
      continue;
    }
    const issuedOn = days.isoOf(row.get('issued_on'));
    if (issuedOn === null) {
      yield fail(`issued_on ${excerpt(row.get('issued_on'))} is not a date (yyyy-mm-dd)`);
      continue;
    }
    const rawExpiry = row.get('expires_on');
    const expiry = rawExpiry === '' ? null : days.isoOf(rawExpiry);
    if (rawExpiry !== '' && expiry === null) {
      yield fail(`expires_on ${excerpt(rawExpiry)} is not a date (yyyy-mm-dd)`);
      continue;
    }
    const expiresOn = endDate(expiry);
    if (expiresOn !== null && expiresOn < issuedOn) {
      yield fail(`expires_on ${expiresOn} is before issued_on ${issuedOn}`);
      continue;
    }
    const url = row.get('verification_url');
    const record: CertificationRecord = {
      employee,
      issuer,
      credential,
      issuedOn,
      expiresOn,
      verificationUrl: url === '' ? null : url,
      revoked: false,
      source: `${file}:${row.line}`,
      credentialId: credentialIdFor(issuer, credential, aliases),
    };
    yield { record };
  }
}
