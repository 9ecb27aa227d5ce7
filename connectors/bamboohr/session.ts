/**
 * A BambooHR session: resolves the API key once, builds the HTTP client, learns the tenant's fields, then reads
 * and writes through the client. Created synchronously; the first call does the set-up.
 */
import { ConfigError } from '../../src/errors.js';
import type { ConnectorContext, ConnectorSession } from '../../src/connector.js';
import { checkedBaseUrl, createHttpClient, registerSecret } from '../../src/http/index.js';
import { applyChanges } from './apply.js';
import { runCheck, runDiscover } from './check.js';
import { createBambooClient, type BambooClient } from './client.js';
import { defaultBaseUrl, type BamboohrConfig } from './config.js';
import { readEmployees } from './read.js';
import { loadTenantMeta, type TenantMeta } from './tenant.js';
import { toError } from './to-error.js';
import { chooseValue } from '../../src/connector-kit/tenant-values.js';
import type { WireGoal } from './wire-schemas.js';

export const createSession = (config: BamboohrConfig, context: ConnectorContext): ConnectorSession => {
  const baseUrl = checkedBaseUrl(config.baseUrl ?? defaultBaseUrl(config.companyDomain), `connectors.${config.id}.baseUrl`);
  const warnings: string[] = [];
  const warn = (sentence: string): void => {
    if (!warnings.includes(sentence)) {
      warnings.push(sentence);
      context.logger.warn(sentence, { connector: config.id });
    }
  };
  const goals = new Map<string, WireGoal>();
  const rememberGoal = (g: WireGoal): void => void goals.set(g.id, g);

  let clientP: Promise<BambooClient> | undefined;
  const client = (): Promise<BambooClient> =>
    (clientP ??= (async () => {
      const key = (await context.resolveSecret(config.auth.apiKey)).trim();
      if (key === '') throw new ConfigError('the BambooHR API key is empty', { connector: config.id, where: `connectors.${config.id}.auth.apiKey` });
      registerSecret(key);
      const basic = `Basic ${Buffer.from(`${key}:x`).toString('base64')}`;
      registerSecret(basic.slice('Basic '.length));
      const http = createHttpClient({
        connector: config.id,
        baseUrl,
        settings: context.http,
        headers: { Accept: 'application/json' },
        authHeaders: async () => ({ Authorization: basic }),
        translate: (e) => toError(config.id, e),
      });
      return createBambooClient(http, config.id);
    })());

  let metaP: Promise<TenantMeta> | undefined;
  const meta = async (): Promise<TenantMeta> => {
    const c = await client();
    metaP ??= loadTenantMeta(c, config);
    try {
      return await metaP;
    } catch (e) {
      metaP = undefined;
      throw e;
    }
  };

  const uncheckedValues = () =>
    (['eligible', 'not-eligible'] as const).map((meaning) =>
      chooseValue({
        connector: config.id,
        list: 'eligibility',
        meaning,
        configured: meaning === 'eligible' ? config.values.eligible : config.values.notEligible,
        configPath: `${context.configPath}.values.${meaning === 'eligible' ? 'eligible' : 'notEligible'}`,
        candidates: null,
        from: `list field ${config.fields.eligibility}`,
        fallback: meaning,
      }),
    );

  return {
    id: config.id,
    type: 'bamboohr',
    maxBatchSize: 1,
    check: async () => runCheck(await client(), config),
    discover: async () => ({ ...(await runDiscover(await client(), config)), values: uncheckedValues() }),
    // Interim: the configured values, not yet read from the tenant's list field (replaced by the tenant-truth work).
    resolveValues: async () => uncheckedValues(),
    readEmployees: async function* (options) {
      yield* readEmployees({ client: await client(), config, meta: await meta(), warn, rememberGoal }, options);
    },
    apply: async (changes, options) =>
      applyChanges(
        { client: await client(), config, meta: await meta(), knownGoal: (id) => goals.get(id), rememberGoal, toError: (e) => toError(config.id, e) },
        changes,
        options,
      ),
    warnings: () => [...warnings],
    close: async () => {
      goals.clear();
    },
  };
};
