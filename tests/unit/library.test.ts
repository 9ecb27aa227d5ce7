import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { connectors, createEngine, generateSyntheticOrg, loadConfig } from '../../src/index.js';
import { baseConfigInput } from '../helpers/config.js';

describe('the library entry point', () => {
  it('loadConfig + createEngine plan and apply like the CLI', async () => {
    const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 40, seed: 3 });
    const def = connectors.bamboohr;
    if (!def) throw new Error('bamboohr missing');
    const sandbox = await def.sandbox.start({ org, port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'ff-lib-'));
    const path = join(dir, 'fluencyflow.yaml');
    writeFileSync(
      path,
      stringify({ ...baseConfigInput(), asOf: org.asOf, connectors: [sandbox.connectorConfig('lib')] }),
    );
    const engine = createEngine(loadConfig(path), { env: sandbox.env });
    try {
      const { plan } = await engine.plan();
      expect(plan.summary.employees).toBe(40);
      expect(plan.changes.length).toBeGreaterThan(0);
      const { result } = await engine.apply({ plan });
      expect(result.failed).toBe(0);
      expect((await engine.plan()).plan.changes).toEqual([]);
    } finally {
      await engine.close();
      await sandbox.close();
    }
  });
});
