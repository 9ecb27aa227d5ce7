/**
 * The first call's failure, said in terms of the config: a refused key names `auth.apiKey`, an unknown company
 * names `companyDomain` (and `baseUrl` when set). `check` shows the sentence; a plan throws the error.
 */
import {
  AuthenticationError,
  FluencyError,
  NetworkError,
  NotFoundError,
  PermissionError,
  ResponseShapeError,
  isFluencyError,
} from '../../src/errors.js';
import type { BamboohrConfig } from './config.js';

export interface ConnectionProblem {
  /** The check item's name. */
  name: 'API key' | 'company domain' | 'connection';
  error: FluencyError;
}

export const connectionProblem = (
  e: unknown,
  config: BamboohrConfig,
  configPath: string,
  baseUrl: string,
): ConnectionProblem => {
  const details = (where: string) => ({
    connector: config.id,
    where,
    status: isFluencyError(e) ? e.status : undefined,
    requestId: isFluencyError(e) ? e.requestId : undefined,
    cause: e,
  });
  const key = `${configPath}.auth.apiKey`;
  const domain = `${configPath}.${config.baseUrl === undefined ? 'companyDomain' : 'baseUrl'}`;
  const said = e instanceof Error ? e.message : String(e);
  if (e instanceof AuthenticationError)
    return {
      name: 'API key',
      error: new AuthenticationError(
        `${key}: BambooHR did not accept the API key (${said}). Set it to a current key of a BambooHR user; ` +
          'do not retry the old one: repeated bad keys turn API access off for the whole company.',
        details(key),
      ),
    };
  if (e instanceof PermissionError)
    return {
      name: 'API key',
      error: new PermissionError(
        `${key}: BambooHR refused the key (${said}): API access is off for the company after repeated bad keys ` +
          "(it comes back after a while), or the key's user may not read field metadata.",
        details(key),
      ),
    };
  if (e instanceof NotFoundError || e instanceof NetworkError || e instanceof ResponseShapeError) {
    const Kind = e instanceof NetworkError ? NetworkError : NotFoundError;
    return {
      name: 'company domain',
      error: new Kind(
        `${domain}: no BambooHR API for company "${config.companyDomain}" at ${baseUrl} (${said}). ` +
          (config.baseUrl === undefined
            ? 'Set companyDomain to the part before .bamboohr.com in your BambooHR address.'
            : 'Check baseUrl, and companyDomain (the part before .bamboohr.com in your BambooHR address).'),
        details(domain),
      ),
    };
  }
  return { name: 'connection', error: isFluencyError(e) ? e : new NetworkError(said, details(domain)) };
};
