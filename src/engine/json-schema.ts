import { z } from 'zod';
import { config as configSchema } from '../../schemas/index.js';
import type { Registry } from './sessions.js';

/**
 * The config as JSON Schema (draft 2020-12) for editors: the policy from schemas/config.ts, and each connector block
 * from its connector's own schema (one `oneOf` branch per HRIS type).
 */
export const configJsonSchema = (registry: Registry): Record<string, unknown> => {
  const base = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  const blocks = Object.values(registry).map((def) =>
    z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }),
  );
  const properties = typeof base.properties === 'object' && base.properties !== null ? base.properties : {};
  return {
    ...base,
    $id: 'https://fluencyflow.dev/schema/config.json',
    title: 'fluencyflow.yaml',
    properties: { ...properties, connectors: { type: 'array', minItems: 1, items: { oneOf: blocks } } },
  };
};
