/** Builds a SuccessFactors session: two HTTP clients (token, OData), the token cache, read / apply / check. */
import { DateTime } from 'luxon';
import type { ConnectorContext, ConnectorSession } from '../../src/connector.js';
import { checkedBaseUrl, createHttpClient, registerSecret } from '../../src/http/index.js';
import { applyChanges } from './apply.js';
import { revertChanges } from './revert.js';
import { createTokenSource } from './auth.js';
import { runCheck } from './check.js';
import { runDiscover } from './discover.js';
import { listChangedUserIds } from './client.js';
import type { SuccessFactorsConfig } from './config.js';
import { dateTimeLiteral, dateTimeOffsetLiteral } from './dates.js';
import { readEmployees } from './read.js';
import { resolveTenantValues, type TenantValues } from './tenant.js';
import { CONNECTOR_TYPE, toFluencyError } from './to-error.js';

/** The session, plus the delta read the engine may use on re-runs. */
export interface SuccessFactorsSession extends ConnectorSession {
  /**
   * Users with anything changed in `[since, until]`: rows modified in the window (DateTimeOffset, UTC) and job slices
   * that take effect in it (DateTime, data-centre time), so future-dated changes are not missed.
   */
  changedUserIds(since: string, until: string): Promise<string[]>;
}

export const createSession = (config: SuccessFactorsConfig, context: ConnectorContext): SuccessFactorsSession => {
  const baseUrl = checkedBaseUrl(config.baseUrl ?? `https://${config.apiServer}/`, `connectors.${config.id}.baseUrl`);
  const translate = (e: unknown) => toFluencyError(e, config.id);
  const warnings: string[] = [];

  let secrets: Promise<{ clientId: string; privateKeyPem: string }> | null = null;
  const credentials = () => {
    secrets ??= (async () => {
      const clientId = (await context.resolveSecret(config.auth.clientId)).trim();
      const privateKeyPem = await context.resolveSecret(config.auth.privateKey);
      registerSecret(clientId);
      registerSecret(privateKeyPem);
      return { clientId, privateKeyPem };
    })();
    return secrets;
  };

  const tokenHttp = createHttpClient({ connector: config.id, baseUrl, settings: context.http, headers: { Accept: 'application/json' }, translate });
  const tokens = createTokenSource({
    http: tokenHttp,
    tokenUrl: new URL('oauth/token', baseUrl).toString(),
    companyId: config.companyId,
    userId: config.auth.userId,
    credentials,
    logger: context.logger,
    now: () => context.now(),
    configPath: context.configPath,
  });
  const http = createHttpClient({
    connector: config.id,
    baseUrl,
    settings: context.http,
    headers: { Accept: 'application/json' },
    authHeaders: async () => ({ Authorization: `Bearer ${await tokens.get()}` }),
    onUnauthorized: async () => {
      tokens.invalidate();
      return true;
    },
    translate,
  });

  const tenant = { http, config, configPath: context.configPath };
  // The tenant's values, read once per session and as-of date; a failed read is forgotten so the next call retries.
  const resolved = new Map<string, Promise<TenantValues>>();
  const values = (asOf: string): Promise<TenantValues> => {
    let p = resolved.get(asOf);
    if (!p) {
      p = resolveTenantValues(tenant, asOf).then((v) => {
        for (const w of v.warnings) if (!warnings.includes(w)) warnings.push(w);
        return v;
      });
      p.catch(() => resolved.delete(asOf));
      resolved.set(asOf, p);
    }
    return p;
  };
  const checkDeps = () => ({ ...tenant, tokens, asOf: context.asOf() });

  return {
    id: config.id,
    type: CONNECTOR_TYPE,
    maxBatchSize: config.upsertBatchSize,
    check: () => runCheck(checkDeps()),
    discover: async () => runDiscover(checkDeps(), await values(context.asOf())),
    resolveValues: async () => (await values(context.asOf())).choices,
    readEmployees: (options) => readEmployees({ http, config, warn: (s) => warnings.push(s), values }, options),
    apply: (changes, options) => applyChanges({ http, config, values: () => values(options.asOf) }, changes, options),
    goalRemoval: 'delete',
    revert: (changes, options) => revertChanges({ http, config, values: () => values(options.asOf) }, changes),
    warnings: () => [...warnings],
    close: async () => {},
    changedUserIds: async (since, until) => {
      const from = DateTime.fromISO(since, { zone: 'UTC' });
      const to = DateTime.fromISO(until, { zone: 'UTC' });
      return listChangedUserIds(
        http,
        {
          modifiedSince: dateTimeOffsetLiteral(from),
          modifiedUntil: dateTimeOffsetLiteral(to),
          effectiveFrom: dateTimeLiteral(from, config.dataCentreZone),
          effectiveTo: dateTimeLiteral(to, config.dataCentreZone),
        },
        config.pageSize,
      );
    },
  };
};
