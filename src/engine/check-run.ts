import type { Config } from '../../schemas/index.js';
import type { CheckItem, ConnectorSession, Discovery, TenantValueChoice } from '../connector.js';
import { FluencyError } from '../errors.js';
import { evidenceFiles, gradeCoverage, policyNames } from './setup-checks.js';

/** A check item from a tenant error (a value the tenant lacks, a read refused); other errors propagate. */
const failedItem = (name: string, e: unknown): CheckItem => {
  if (e instanceof FluencyError) return { name, ok: false, detail: e.message };
  throw e;
};

const valuesItem = (values: readonly TenantValueChoice[]): CheckItem => ({
  name: 'values written',
  ok: true,
  detail:
    values
      .map((v) => `${v.list} ${v.meaning} "${v.value}"${v.source === 'unchecked' ? ' (unchecked)' : ''}`)
      .join('; ') || 'none',
});

export type CheckReport = { connector: string; type: string; items: CheckItem[] }[];

/**
 * `check`: each connector's own checks; when they pass, its discovery (grade coverage) and the values it would write
 * as resolved from the tenant; last a `setup` group: names in the policy that no tenant has, and the evidence files.
 */
export const runChecks = async (
  sessions: readonly ConnectorSession[],
  config: Config,
  configDir: string,
): Promise<CheckReport> => {
  const out: CheckReport = [];
  const discoveries: Discovery[] = [];
  for (const [i, s] of sessions.entries()) {
    const items = await s.check();
    if (items.every((i) => i.ok)) {
      const d = await s.discover().catch((e: unknown) => failedItem('discover', e));
      if ('grades' in d) {
        discoveries.push(d);
        items.push(gradeCoverage(config, d, `connectors[${i}]`));
      } else items.push(d);
      items.push(await s.resolveValues().then(valuesItem, (e: unknown) => failedItem('values written', e)));
    }
    out.push({ connector: s.id, type: s.type, items });
  }
  out.push({
    connector: 'setup',
    type: 'fluencyflow',
    items: [...policyNames(config, discoveries), ...evidenceFiles(config, configDir)],
  });
  return out;
};
