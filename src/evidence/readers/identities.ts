import type { EvidenceRowError } from '../../../schemas/index.js';
import { readCsv, rowError } from './csv.js';

/** Reads an `evidence.identities` CSV (`account,employee`): tool accounts mapped to an HRIS id, number or e-mail. */
export const readIdentities = async (
  path: string,
  file: string,
): Promise<{ pairs: [string, string][]; errors: EvidenceRowError[] }> => {
  const pairs: [string, string][] = [];
  const errors: EvidenceRowError[] = [];
  for await (const row of readCsv(path, { file, required: ['account', 'employee'] })) {
    if ('error' in row) errors.push(rowError(file, row.line, row.error));
    else if (row.get('account') === '' || row.get('employee') === '')
      errors.push(rowError(file, row.line, 'account and employee are both required'));
    else pairs.push([row.get('account'), row.get('employee')]);
  }
  return { pairs, errors };
};
