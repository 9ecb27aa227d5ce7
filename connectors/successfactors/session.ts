/** Builds a SuccessFactors session: two HTTP clients (token, OData), the token cache, read / apply / check. */
import type { ConnectorContext, ConnectorSession, EmployeeRecord } from '../../src/connector.js';
import { serverClock } from '../../src/connector-kit/server-clock.js';
import { checkedBaseUrl, createHttpClient, registerSecret } from '../../src/http/index.js';
import { applyChanges } from './apply.js';
import { revertChanges } from './revert.js';
import { createTokenSource } from './auth.js';
import { runCheck } from './check.js';
import { runDiscover } from './discover.js';
import type { SuccessFactorsConfig } from './config.js';
import { readDelta, readEmployees } from './read.js';
import { resolveTenantValues, type TenantValues } from './values.js';
import { CONNECTOR_TYPE, toError } from './to-error.js';

export const createSession = (config: SuccessFactorsConfig, context: ConnectorContext): ConnectorSession => {
  const baseUrl = checkedBaseUrl(config.baseUrl ?? `https://${config.apiServer}/`, `connectors.${config.id}.baseUrl`);
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

  const tokenHttp = createHttpClient({
    connector: config.id,
    baseUrl,
    settings: context.http,
    headers: { Accept: 'application/json' },
    translate: toError,
  });
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
    translate: toError,
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
  // The server's clock dates each read (its watermark); a delta read keeps its own so the two never mix.
  const clock = serverClock(http.axios);
  const deltaClock = serverClock(http.axios);
  let fullReadWatermark: string | null = null;
  /** A full read's watermark is known once it is complete (a read stopped half way dates nothing). */
  async function* readWatermarked(pages: AsyncGenerator<EmployeeRecord[]>): AsyncGenerator<EmployeeRecord[]> {
    yield* pages;
    fullReadWatermark = clock.watermark();
  }
  const checkDeps = () => ({ ...tenant, tokens, asOf: context.asOf() });

  return {
    id: config.id,
    type: CONNECTOR_TYPE,
    maxBatchSize: config.upsertBatchSize,
    check: () => runCheck(checkDeps()),
    discover: async () => runDiscover(checkDeps(), await values(context.asOf())),
    resolveValues: async () => (await values(context.asOf())).choices,
    readEmployees: (options) => {
      fullReadWatermark = null;
      return readWatermarked(readEmployees({ http, config, warn: (s) => warnings.push(s), values, clock }, options));
    },
    readWatermark: () => fullReadWatermark,
    readDelta: (options, request) =>
      readDelta({ http, config, warn: (s) => warnings.push(s), values, clock: deltaClock }, options, request),
    apply: (changes, options) => applyChanges({ http, config, values: () => values(options.asOf) }, changes, options),
    goalRemoval: 'delete',
    revert: (changes, options) => revertChanges({ http, config, values: () => values(options.asOf) }, changes),
    warnings: () => [...warnings],
    close: async () => {},
  };
};
