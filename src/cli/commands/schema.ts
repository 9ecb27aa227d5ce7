import { connectors } from '../../../connectors/index.js';
import { configJsonSchema } from '../../engine/json-schema.js';
import type { Output } from '../output.js';

/** `schema`: the config's JSON Schema, for editors (`# yaml-language-server: $schema=...`). */
export const schemaCommand = async (out: Output): Promise<number> => {
  out.data(configJsonSchema(connectors));
  return 0;
};
