import { describe, expect, it } from 'vitest';
import { connectors } from '../../../connectors/index.js';
import { configErrorFrom } from '../../../src/engine/load-config.js';

const SECRET = 'hunter2-inline-9f8e7d';

/** Each HRIS block with its secret written inline, as an admin pasting a key would. */
const blocks: Record<string, { block: Record<string, unknown>; path: string }> = {
  bamboohr: {
    block: { id: 'b', type: 'bamboohr', companyDomain: 'acme', auth: { apiKey: SECRET } },
    path: 'connectors[0].auth.apiKey',
  },
  workday: {
    block: {
      id: 'w',
      type: 'workday',
      host: 'wd2.workday.com',
      tenant: 'acme',
      auth: { username: 'isu@acme', password: SECRET },
    },
    path: 'connectors[0].auth.password',
  },
  successfactors: {
    block: {
      id: 's',
      type: 'successfactors',
      apiServer: 'api4.sapsf.com',
      companyId: 'ACME',
      auth: { clientId: SECRET, userId: 'u', privateKey: { env: 'K' } },
    },
    path: 'connectors[0].auth.clientId',
  },
};

describe('an inline secret', () => {
  it.each(Object.entries(blocks))(
    'is refused in a %s block with the reason and the config path, never echoed',
    (type, c) => {
      const def = connectors[type];
      if (!def) throw new Error(`no connector ${type}`);
      const parsed = def.configSchema.safeParse(c.block);
      expect(parsed.success).toBe(false);
      if (parsed.success) return;
      const e = configErrorFrom('fluencyflow.yaml', parsed.error, () => 12, ['connectors', 0]);
      expect(e.message).toContain(`fluencyflow.yaml:12: ${c.path}: a secret is never written inline in the config`);
      expect(e.message).toContain('{ env: NAME }');
      expect(e.message).not.toContain(SECRET);
    },
  );

  it('a secret block of the wrong shape says what the right ones are', () => {
    const def = connectors.bamboohr;
    if (!def) throw new Error('no bamboohr');
    const parsed = def.configSchema.safeParse({ ...blocks.bamboohr?.block, auth: { apiKey: { value: SECRET } } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const e = configErrorFrom('f.yaml', parsed.error, () => null, ['connectors', 0]);
    expect(e.message).toContain('connectors[0].auth.apiKey: a secret is { env: NAME }');
    expect(e.message).not.toContain(SECRET);
  });
});
