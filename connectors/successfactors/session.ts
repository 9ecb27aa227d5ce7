/** Builds a SuccessFactors session: two HTTP clients (token, OData), the token cache, read / apply / check. */
import { DateTime } from 'luxon';
import type { ConnectorContext, ConnectorSession } from '../../src/connector.js';
import { chooseValue } from '../../src/connector-kit/tenant-values.js';
import { checkedBaseUrl, createHttpClient, registerSecret } from '../../src/http/index.js';
import { applyChanges } from './apply.js';
import { createTokenSource } from './auth.js';
import { goalCategory, runCheck, runDiscover } from './check.js';
import { listChangedUserIds } from './client.js';
import type { SuccessFactorsConfig } from './config.js';
import { dateTimeLiteral, dateTimeOffsetLiteral } from './dates.js';
import { readEmployees } from './read.js';
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

  const deps = { http, tokens, config };
  let category: Promise<string> | null = null;

  const uncheckedValues = () => [
    ...(['eligible', 'not-eligible'] as const).map((meaning) =>
      chooseValue({
        connector: config.id,
        list: 'eligibility',
        meaning,
        configured: meaning === 'eligible' ? config.values.eligible : config.values.notEligible,
        configPath: `${context.configPath}.values.${meaning === 'eligible' ? 'eligible' : 'notEligible'}`,
        candidates: null,
        from: `${config.mdfObject}.cust_eligible`,
        fallback: meaning,
      }),
    ),
    ...(['on-track', 'behind', 'achieved'] as const).map((meaning) =>
      chooseValue({
        connector: config.id,
        list: 'goal status',
        meaning,
        configured: config.values.goalStatus[meaning],
        configPath: `${context.configPath}.values.goalStatus.${meaning}`,
        candidates: null,
        from: `goal plan ${config.goalPlanId}`,
        fallback: meaning,
      }),
    ),
  ];

  return {
    id: config.id,
    type: CONNECTOR_TYPE,
    maxBatchSize: config.upsertBatchSize,
    check: () => runCheck(deps),
    discover: async () => ({ ...(await runDiscover(deps, context.asOf())), values: uncheckedValues() }),
    // Interim: the configured values, not yet read from the goal plan and picklist (replaced by the tenant-truth work).
    resolveValues: async () => uncheckedValues(),
    readEmployees: (options) => readEmployees({ http, config, warn: (s) => warnings.push(s) }, options),
    apply: (changes, options) =>
      applyChanges(
        {
          http,
          config,
          category: () =>
            (category ??= goalCategory(deps).catch((e: unknown) => {
              category = null;
              throw e;
            })),
        },
        changes,
        options,
      ),
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
