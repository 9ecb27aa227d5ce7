/**
 * `check`'s item on the bulk note writes' set-up (`fields.noteReferenceId`; note-write.ts): the field is among the
 * exception object's definition fields and is Text, the object is multi-instance, and, when a note the tenant holds
 * carries a key, `GET /customObjects/{alias}/{WID};{referenceIdAlias}={key}` answers it. Whether the definition uses
 * the field as its Reference ID cannot be read (`GET /definitions/{ID}` gives a summary without it), so without such
 * a note it is said to be verified with the first write.
 */
import type { CheckItem } from '../../src/connector.js';
import { FluencyError } from '../../src/errors.js';
import { WQL_PAGE_MAX, type WorkdayClient } from './client.js';
import type { WorkdayConfig } from './config.js';
import { NOTES_BULK_DOC } from './note-write.js';
import { notesQuery } from './notes-read.js';
import { idOfRef } from './wql-pages.js';

/** A note the tenant holds with a key: the WQL data source's first page, else the first worker's instances. */
const heldKeyed = async (
  config: WorkdayConfig,
  client: WorkdayClient,
  ref: string,
  firstWid: string | null,
): Promise<{ wid: string; key: string } | null> => {
  const source = config.wql?.exceptionDataSource;
  const workerField = config.wql?.workerField ?? 'worker';
  const rows: { wid: string | null; row: Record<string, unknown> }[] = [];
  if (source !== undefined) {
    const page = await client.wql(notesQuery(config, source, workerField), { limit: WQL_PAGE_MAX, offset: 0 });
    rows.push(...page.data.map((row) => ({ wid: idOfRef(row[workerField]), row })));
  } else if (firstWid !== null)
    rows.push(
      ...(await client.customObjectInstances(config.exceptionObject, firstWid)).map((row) => ({ wid: firstWid, row })),
    );
  for (const { wid, row } of rows) {
    const key = row[ref];
    if (wid !== null && typeof key === 'string' && key !== '') return { wid, key };
  }
  return null;
};

export const noteReferenceItem = async (
  config: WorkdayConfig,
  client: WorkdayClient,
  path: string,
  firstWid: string | null,
): Promise<CheckItem> => {
  const ref = config.fields.noteReferenceId;
  const key = `${path}.fields.noteReferenceId`;
  const name = `bulk note writes: Reference ID (${key})`;
  if (ref === undefined)
    return {
      name,
      ok: true,
      detail: `not set: exception notes are written one worker per Edit_Worker_Additional_Data (see ${NOTES_BULK_DOC})`,
    };
  const fail = (why: string): CheckItem => ({ name, ok: false, detail: `${key}: ${why}; see ${NOTES_BULK_DOC}` });
  try {
    const def = (await client.objectDefinitions()).find((d) => d.alias === config.exceptionObject);
    if (!def) return fail(`the tenant has no custom object ${config.exceptionObject} (${path}.exceptionObject)`);
    if (def.multiInstance !== true) return fail(`the custom object ${config.exceptionObject} is not multi-instance`);
    const field = (await client.objectFields(def.id)).find((f) => f.alias === ref && f.inactive !== true);
    if (!field) return fail(`the custom object ${config.exceptionObject} has no active field ${ref}`);
    const typeId = field.fieldType?.id;
    const type = field.fieldType?.descriptor ?? (typeId ? (await client.fieldType(typeId)).name : null);
    if (type !== 'Text') return fail(`the field ${ref} is ${type ?? 'of no type'}, not Text`);
    const held = await heldKeyed(config, client, ref, firstWid);
    if (held === null)
      return {
        name,
        ok: true,
        detail:
          `${config.exceptionObject}.${ref} is a Text field of a multi-instance object; that the definition uses it ` +
          'as Reference ID is verified with the first write (no note with a key yet)',
      };
    // https://community.workday.com/sites/default/files/file-hosting/restapi/index.html (customObject v2: GET
    // /customObjects/{alias}/{ID}, ID = {businessObjectWID};{referenceIdAlias}={referenceIdValue})
    const found = await client.customObjectById(config.exceptionObject, `${held.wid};${ref}=${held.key}`);
    if (found === null || found[ref] !== held.key)
      return fail(
        `the note with ${ref} ${held.key} is not found by its Reference ID: the definition of ` +
          `${config.exceptionObject} must use ${ref} as Reference ID (Edit Custom Object)`,
      );
    return { name, ok: true, detail: `a held note answers by its Reference ID ${ref}: notes are written 100 a call` };
  } catch (e) {
    return {
      name,
      ok: false,
      detail:
        e instanceof FluencyError
          ? `${e.code}: ${e.message}. Grant the domain Custom Object Management (View) and the custom object's domain`
          : 'unexpected failure',
    };
  }
};
