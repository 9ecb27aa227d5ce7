/**
 * What customObject/v2 `POST /customObjects/{alias}` asks of any body (specs/workday/rest/
 * customObjectDataSingleInstance_v2.json, customObjectDataMultiInstance_v2.json): with `bulk=true` a JSON array of
 * 1 to 100 instances, without it one JSON object; errors in the REST validation shape, each naming its `path`.
 */
import type { RestReply } from './rest.js';

/** The most instances one `bulk=true` call takes (both specs: "with a maximum of 100"). */
const BULK_MAX = 100;

export interface ItemError {
  error: string;
  field: string;
  path: string;
}

export const invalid = (errors: ItemError[] | { error: string; field: string }[]): RestReply => ({
  status: 400,
  body: { error: 'Invalid request', errors },
});

export const objectOf = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : null;

/** The instances of a body, or the 400 its shape earns. */
export const itemsOf = (body: unknown, bulk: boolean): unknown[] | RestReply => {
  const field = 'customObjectRequestBody';
  if (bulk && !Array.isArray(body))
    return invalid([{ error: 'bulk=true takes a JSON array of custom object instances', field }]);
  if (!bulk && Array.isArray(body))
    return invalid([{ error: 'Without bulk=true the body is one JSON object, not an array', field }]);
  const items: unknown[] = Array.isArray(body) ? body : [body];
  if (items.length === 0 || items.length > BULK_MAX)
    return invalid([{ error: `bulk=true takes 1 to ${BULK_MAX} custom object instances, not ${items.length}`, field }]);
  return items;
};

/** The answer to a write that went through. */
export const written = (bulk: boolean): RestReply =>
  bulk
    ? { status: 200, body: { ok: 'Custom object collection created or updated' } }
    : { status: 201, body: { ok: 'Custom object created or updated' } };
