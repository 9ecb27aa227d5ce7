/**
 * A BambooHR session: resolves the API key once, builds the HTTP client, learns the tenant's fields, then reads
 * and writes through the client. Created synchronously; the first call does the set-up.
 */
import { ConfigError, SetupMissingError } from '../../src/errors.js';
import type { ConnectorContext, ConnectorSession, TenantValueChoice } from '../../src/connector.js';
import { checkedBaseUrl, createHttpClient, registerSecret } from '../../src/http/index.js';
import { applyChanges, type ApplyContext } from './apply.js';
import { revertChanges } from './revert.js';
import { runCheck, runDiscover } from './check.js';
import { createBambooClient, type BambooClient } from './client.js';
import { defaultBaseUrl, type BamboohrConfig } from './config.js';
import { readEmployees } from './read.js';
import { loadTenantMeta, type TenantMeta } from './tenant.js';
import { connectionProblem } from './connection.js';
import { setupFindings } from './setup.js';
import { toError } from './to-error.js';
import { createSeenByRead } from './seen.js';
import { resolveEligibility, type ResolvedValues } from './values.js';
import type { WireGoal, WireList } from './wire-schemas.js';

export const createSession = (config: BamboohrConfig, context: ConnectorContext): ConnectorSession => {
  const configPath = context.configPath;
  const baseUrl = checkedBaseUrl(config.baseUrl ?? defaultBaseUrl(config.companyDomain), `${configPath}.baseUrl`);
  const warnings: string[] = [];
  const warn = (sentence: string): void => {
    if (!warnings.includes(sentence)) {
      warnings.push(sentence);
      context.logger.warn(sentence, { connector: config.id });
    }
  };
  const goals = new Map<string, WireGoal>();
  const rememberGoal = (g: WireGoal): void => void goals.set(g.id, g);
  const seen = createSeenByRead();

  let clientP: Promise<BambooClient> | undefined;
  const client = (): Promise<BambooClient> =>
    (clientP ??= (async () => {
      const key = (await context.resolveSecret(config.auth.apiKey)).trim();
      const where = `${configPath}.auth.apiKey`;
      if (key === '') throw new ConfigError(`${where}: the BambooHR API key is empty`, { connector: config.id, where });
      registerSecret(key);
      const basic = `Basic ${Buffer.from(`${key}:x`).toString('base64')}`;
      registerSecret(basic.slice('Basic '.length));
      const http = createHttpClient({
        connector: config.id,
        baseUrl,
        settings: context.http,
        headers: { Accept: 'application/json' },
        authHeaders: async () => ({ Authorization: basic }),
        translate: toError,
      });
      return createBambooClient(http, config.id);
    })());

  let metaP: Promise<TenantMeta> | undefined;
  const meta = async (): Promise<TenantMeta> => {
    const c = await client();
    metaP ??= loadTenantMeta(c, config).catch((e: unknown) => {
      throw connectionProblem(e, config, configPath, baseUrl).error;
    });
    try {
      return await metaP;
    } catch (e) {
      metaP = undefined;
      throw e;
    }
  };

  // The tenant's values, read once per session (DESIGN §9).
  let valuesP: Promise<{ resolved: ResolvedValues; lists: WireList[] }> | undefined;
  const values = async () => {
    const [c, m] = [await client(), await meta()];
    valuesP ??= c.listLists().then((lists) => {
      const resolved = resolveEligibility({ config, configPath, field: m.eligibility, lists });
      return { resolved, lists };
    });
    try {
      return await valuesP;
    } catch (e) {
      valuesP = undefined;
      throw e;
    }
  };

  /** Every value and target a write needs: a plan stops here, before any read or write, naming the config path. */
  const resolveValues = async (): Promise<TenantValueChoice[]> => {
    const m = await meta();
    const blocking = setupFindings(config, configPath, m).filter((f) => f.forWrites && !f.ok);
    const first = blocking[0];
    if (first !== undefined)
      throw new SetupMissingError(blocking.map((f) => f.detail).join(' '), {
        connector: config.id,
        where: first.where,
      });
    return (await values()).resolved.choices;
  };

  const applyContext = async (): Promise<ApplyContext> => ({
    client: await client(),
    config,
    configPath,
    meta: await meta(),
    values: async () => (await values()).resolved,
    knownGoal: (id) => goals.get(id),
    rememberGoal,
    seen,
    toError: (e, where) => toError(e, { connector: config.id, where }),
  });

  return {
    id: config.id,
    type: 'bamboohr',
    maxBatchSize: 1,
    check: async () => runCheck({ client: await client(), config, configPath, baseUrl }),
    discover: async () => {
      const { resolved, lists } = await values();
      return runDiscover(await client(), await meta(), lists, resolved.choices);
    },
    resolveValues,
    readEmployees: async function* (options) {
      const m = await meta();
      const resolved = m.eligibility === undefined ? undefined : (await values()).resolved;
      const ctx = { client: await client(), config, configPath, meta: m, values: resolved, warn, rememberGoal, seen };
      yield* readEmployees(ctx, options);
    },
    apply: async (changes, options) => applyChanges(await applyContext(), changes, options),
    goalRemoval: 'delete',
    revert: async (changes, options) => revertChanges(await applyContext(), changes, options.asOf),
    warnings: () => [...warnings],
    close: async () => {
      goals.clear();
      seen.reset();
    },
  };
};
