/**
 * The one translator from the drop folder's failures (Node file-system errors, csv-parse errors) to FluencyErrors.
 * A file-system message names a path of this machine only through `where`, which the admin configured.
 */
import { CsvError } from 'csv-parse/sync';
import { FluencyError, NotFoundError, PermissionError, ProviderError, ResponseShapeError } from '../../src/errors.js';

const codeOf = (e: unknown): string | undefined =>
  e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

export interface ErrorPlace {
  /** The connector config id. */
  connector: string;
  /** The file or folder, as the config names it (with its line when known). */
  where: string;
}

export const toError = (e: unknown, { connector, where }: ErrorPlace): FluencyError => {
  if (e instanceof FluencyError) return e;
  const details = { connector, where, cause: e };
  if (e instanceof CsvError) return new ResponseShapeError(`${where}: not readable as CSV (${e.code})`, details);
  const code = codeOf(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError(`${where}: no such file or folder`, details);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new PermissionError(`${where}: not allowed (${code}); give fluencyflow's user access to it`, details);
  const message = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
  return new ProviderError(`${where}: ${code ?? message}`, details);
};
