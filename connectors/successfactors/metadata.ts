/**
 * One entity set's `$metadata` (EDMX), read into what `check` and the value resolution need: keys, property types,
 * `sap:picklist`, and the `sap:creatable` / `sap:updatable` / `sap:upsertable` annotations, which a tenant answers
 * for the calling user's permissions. Namespace prefixes are dropped (`sap:picklist` is read as `picklist`).
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

interface PropertyMeta {
  type: string;
  picklist: string | null;
  creatable: boolean;
  updatable: boolean;
  upsertable: boolean;
}

export interface EntityMeta {
  name: string;
  keys: string[];
  properties: ReadonlyMap<string, PropertyMeta>;
  creatable: boolean;
  updatable: boolean;
  upsertable: boolean;
}

const LISTS = new Set([
  'Schema',
  'EntityType',
  'EntitySet',
  'EntityContainer',
  'Property',
  'PropertyRef',
  'NavigationProperty',
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && LISTS.has(name),
});

/** An absent annotation means allowed (OData's default for sap:creatable and its kin). */
const allowed = z
  .string()
  .optional()
  .transform((v) => v !== 'false');

const property = z.looseObject({
  Name: z.string(),
  Type: z.string(),
  picklist: z.string().optional(),
  creatable: allowed,
  updatable: allowed,
  upsertable: allowed,
});
const entityType = z.looseObject({
  Name: z.string(),
  Key: z.looseObject({ PropertyRef: z.array(z.looseObject({ Name: z.string() })) }).optional(),
  Property: z.array(property).default([]),
});
const entitySet = z.looseObject({
  Name: z.string(),
  EntityType: z.string(),
  creatable: allowed,
  updatable: allowed,
  upsertable: allowed,
});
const edmx = z.object({
  Edmx: z.looseObject({
    DataServices: z.looseObject({
      Schema: z.array(
        z.looseObject({
          EntityType: z.array(entityType).default([]),
          EntityContainer: z.array(z.looseObject({ EntitySet: z.array(entitySet).default([]) })).default([]),
        }),
      ),
    }),
  }),
});

/** The entity set `name` from a `$metadata` document; null when the document does not declare it. */
export const parseEntityMetadata = (xml: string, name: string): EntityMeta | null => {
  const doc = edmx.parse(parser.parse(xml));
  const schemas = doc.Edmx.DataServices.Schema;
  const set = schemas.flatMap((s) => s.EntityContainer.flatMap((c) => c.EntitySet)).find((s) => s.Name === name);
  if (!set) return null;
  const typeName = set.EntityType.split('.').pop() ?? '';
  const type = schemas.flatMap((s) => s.EntityType).find((t) => t.Name === typeName);
  if (!type) return null;
  return {
    name,
    keys: (type.Key?.PropertyRef ?? []).map((r) => r.Name),
    properties: new Map(
      type.Property.map((p) => [
        p.Name,
        {
          type: p.Type,
          picklist: p.picklist ?? null,
          creatable: p.creatable,
          updatable: p.updatable,
          upsertable: p.upsertable,
        },
      ]),
    ),
    creatable: set.creatable,
    updatable: set.updatable,
    upsertable: set.upsertable,
  };
};
