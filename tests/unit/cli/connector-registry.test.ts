import { describe, expect, it } from 'vitest';
import { connectorOf, connectors } from '../../../connectors/index.js';
import { connectorLoaders } from '../../../connectors/loaders.js';
import { registryFor } from '../../../src/cli/connector-registry.js';
import { openSessions } from '../../../src/engine/sessions.js';
import { ConfigError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/logger.js';
import { makeConfig } from '../../helpers/config.js';
import { fastHttp } from '../../helpers/engine.js';

describe("the CLI's registry: only the connectors a config names", () => {
  it('the loaders and the registry name the same types, in the same order, and load the same definitions', async () => {
    expect(Object.keys(connectorLoaders)).toEqual(Object.keys(connectors));
    for (const [type, load] of Object.entries(connectorLoaders)) expect(await load(), type).toBe(connectors[type]);
  });

  it('holds each type named once, and no other', async () => {
    const one = await registryFor(['bamboohr', 'bamboohr']);
    expect(Object.keys(one)).toEqual(['bamboohr']);
    expect(one['bamboohr']).toBe(connectors['bamboohr']);
    const two = await registryFor(['workday', 'csv-drop']);
    expect(Object.keys(two).sort()).toEqual(['csv-drop', 'workday']);
  });

  it('an unknown type loads every connector, so the error names it and lists every known type', async () => {
    // A known type beside it changes nothing; nor does a name every object has.
    for (const types of [['peoplesoft', 'bamboohr'], ['constructor']]) {
      const registry = await registryFor(types);
      expect(Object.keys(registry)).toEqual(Object.keys(connectors));
      const config = makeConfig({ connectors: types.map((type, i) => ({ id: `c${i}`, type })) });
      const open = () =>
        openSessions({
          config,
          configPath: 'fluencyflow.yaml',
          configDir: '.',
          registry,
          logger: silentLogger,
          http: fastHttp(),
          now: () => 0,
          asOf: () => '2027-06-30',
        });
      expect(open).toThrow(ConfigError);
      const unknown = types[0] ?? '';
      expect(open).toThrow(`unknown HRIS "${unknown}" (known: ${Object.keys(connectors).join(', ')})`);
    }
  });
});

describe('connectorOf: a type is an own key of the registry', () => {
  it('finds each connector by its type, and none by a name every object has', () => {
    for (const type of Object.keys(connectors)) expect(connectorOf(type)).toBe(connectors[type]);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(connectorOf(name)).toBe(undefined);
  });
});
