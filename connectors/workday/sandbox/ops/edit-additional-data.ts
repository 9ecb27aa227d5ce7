import { DateTime } from 'luxon';
import { attr, child, type XmlNode } from '../xml-read.js';
import { wd, wdRef, wdText } from '../xml-write.js';
import { CUSTOM_NS } from '../spec/types.js';
import type { WdException, WdStore } from '../store.js';
import type { WdEligibilityField } from '../tenant.js';
import { bool, resolveWorker } from './refs.js';
import { invalid } from './fault.js';

export interface CustomObjects {
  /** Single-instance worker object: fields `eligible`, `reason`. */
  single: string;
  /** Multi-instance worker object: fields `promotionDate`, `fromGrade`, `toGrade`, `note`, `noteKey`. */
  multi: string;
}

const root = '/wd:Edit_Worker_Additional_Data_Request/wd:Worker_Custom_Object_Data';
const SINGLE_FIELDS = ['eligible', 'reason'];
const MULTI_FIELDS = ['promotionDate', 'fromGrade', 'toGrade', 'note', 'noteKey'];

const readFields = (node: XmlNode, allowed: readonly string[], xpath: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const f of node.children) {
    if (f.ns !== CUSTOM_NS || !allowed.includes(f.local))
      throw invalid(`Custom field '${f.local}' does not exist on custom object ${node.local}`, `${xpath}/${f.name}`);
    if (f.local in out) throw invalid(`Custom field '${f.local}' appears twice`, `${xpath}/${f.name}`);
    if (f.text.length > 2000) throw invalid(`Custom field '${f.local}' exceeds 2000 characters`, `${xpath}/${f.name}`);
    out[f.local] = f.text;
  }
  return out;
};

/**
 * The eligibility field's value: text for a text field; for a custom list, `<cus:ID cus:type="ExtendedAlias">` naming
 * an active option (anything else is refused as Workday refuses an unknown list value).
 */
const eligibleValue = (node: XmlNode, field: WdEligibilityField, xpath: string): string => {
  const id = node.children[0];
  if (field.kind === 'text') {
    if (id) throw invalid(`Custom field '${node.local}' is a text field`, `${xpath}/${id.name}`);
    return node.text;
  }
  const alias = id?.text.trim() ?? '';
  const type = id?.attrs.find((a) => a.local === 'type')?.value;
  if (!id || id.local !== 'ID' || id.ns !== CUSTOM_NS || type !== 'ExtendedAlias' || node.children.length !== 1)
    throw invalid(
      `Custom field '${node.local}' is a custom list: send <cus:ID cus:type="ExtendedAlias">alias</cus:ID>`,
      xpath,
    );
  const option = field.values.find((v) => v.alias === alias && !v.inactive);
  if (!option)
    throw invalid(
      `Invalid ID value. '${alias}' is not a valid ID value for type = ExtendedAlias (${field.name})`,
      `${xpath}/${id.name}`,
    );
  return option.alias;
};

/**
 * Edit_Worker_Additional_Data: sets a worker's custom object data. A single-instance object is replaced; for a
 * multi-instance object the instances in the request become the whole set (instances left out are deleted).
 */
export const editAdditionalData = (
  store: WdStore,
  req: XmlNode,
  objects: CustomObjects,
  newEvent: () => string,
  referenceId: string | null = null,
): string => {
  const data = child(req, 'Worker_Custom_Object_Data');
  const effective = child(data, 'Effective_Date')?.text.trim() ?? '';
  const workerNode = child(data, 'Worker_Reference');
  const payload = child(data, 'Business_Object_Additional_Data');
  if (!data || !workerNode || !payload) throw invalid('Worker_Custom_Object_Data is incomplete', root);
  const worker = resolveWorker(store, workerNode, `${root}/wd:Worker_Reference`);
  const autoComplete = bool(child(child(req, 'Business_Process_Parameters'), 'Auto_Complete')) === true;
  const objectsSent = payload.children;
  const alias = objectsSent[0]?.local;
  if (alias === undefined)
    throw invalid(
      'Business_Object_Additional_Data must hold a custom object',
      `${root}/wd:Business_Object_Additional_Data`,
    );
  objectsSent.forEach((o, i) => {
    if (o.ns !== CUSTOM_NS)
      throw invalid(
        `Custom object data must be in the namespace ${CUSTOM_NS}`,
        `${root}/wd:Business_Object_Additional_Data/${o.name}`,
      );
    if (o.local !== objects.single && o.local !== objects.multi)
      throw invalid(
        `Custom object '${o.local}' does not exist or is not a Worker extension`,
        `${root}/wd:Business_Object_Additional_Data/${o.name}`,
      );
    if (o.local !== alias)
      throw invalid('One custom object per request', `${root}/wd:Business_Object_Additional_Data/${o.name}[${i + 1}]`);
  });
  const base = `${root}/wd:Business_Object_Additional_Data`;
  let apply: () => void;
  if (alias === objects.single) {
    if (objectsSent.length > 1) throw invalid(`Custom object '${alias}' allows one instance per worker`, base);
    const only = objectsSent[0];
    const fields = only ? readFields(only, SINGLE_FIELDS, `${base}/${only.name}`) : {};
    const eligibleNode = only?.children.find((c) => c.local === 'eligible');
    if (eligibleNode && only)
      fields['eligible'] = eligibleValue(
        eligibleNode,
        store.tenant.eligibility,
        `${base}/${only.name}/${eligibleNode.name}`,
      );
    apply = () => {
      worker.eligibility = {
        id: worker.eligibility?.id ?? store.nextWid(),
        eligible: fields['eligible'] ?? '',
        reason: fields['reason'] ?? '',
      };
    };
  } else {
    const next: WdException[] = objectsSent.map((o, i) => {
      const f = readFields(o, MULTI_FIELDS, `${base}/${o.name}[${i + 1}]`);
      const date = f['promotionDate'] ?? '';
      if (!DateTime.fromFormat(date, 'yyyy-MM-dd').isValid)
        throw invalid(`Invalid date '${date}' for promotionDate`, `${base}/${o.name}[${i + 1}]/promotionDate`);
      const kept = worker.exceptions.find(
        (x) =>
          x.promotionDate === date &&
          x.fromGrade === f['fromGrade'] &&
          x.toGrade === f['toGrade'] &&
          x.note === f['note'],
      );
      return {
        id: kept?.id ?? store.nextWid(),
        promotionDate: date,
        fromGrade: f['fromGrade'] ?? '',
        toGrade: f['toGrade'] ?? '',
        note: f['note'] ?? '',
        key: f['noteKey'] ?? '',
      };
    });
    // A Reference ID names one instance within its worker (the `{WID};{alias}={value}` id of customObject/v2).
    next.forEach((x, i) => {
      if (referenceId !== null && x.key !== '' && next.findIndex((y) => y.key === x.key) < i)
        throw invalid(
          `The reference ID ${referenceId} ${x.key} appears twice for the worker`,
          `${base}/${objectsSent[i]?.name ?? ''}[${i + 1}]/${referenceId}`,
        );
    });
    apply = () => {
      worker.exceptions = next;
    };
  }
  if (autoComplete) {
    apply();
    // A business process: its event enters the worker's transaction log, effective on the request's date.
    store.logEvent(worker, 'Edit Worker Additional Data', effective.slice(0, 10));
  }
  return wd(
    'Edit_Worker_Additional_Data_Response',
    { version: attr(req, 'version') },
    wdRef('Event_Reference', [['WID', newEvent()]]),
    wdRef('Worker_Reference', [
      ['WID', worker.wid],
      ['Employee_ID', worker.employeeId],
    ]),
    wdText('Effective_Date', effective),
  );
};
