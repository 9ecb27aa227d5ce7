/**
 * Transaction_Log_Criteria_Data of Get_Workers and Get_Job_Profiles (Human_Resources v33.1
 * Transaction_Log_CriteriaType): an instance is listed when an entry of its transaction log was entered in
 * Updated_From..Updated_Through, takes effect in Effective_From..Effective_Through (both bounds included) and is of
 * one of the Transaction_Type_References.
 * Validated with the schema's own messages (Effective_And_Updated_DateTime_DataType). The sandbox tenant has no
 * Transaction Log Service subscription, so a Subscriber_Reference is refused as the schema's validation says. Several
 * criteria: an instance matching any of them (the schema allows many and does not say; the connector sends one).
 */
import { DateTime } from 'luxon';
import { attr, child, childrenNamed, type XmlNode } from '../xml-read.js';
import { invalid } from './fault.js';

export interface LogEntry {
  type: string;
  /** ISO moment with offset. */
  entered: string;
  /** yyyy-mm-dd: the entry takes effect at the start of that day in the tenant's zone (UTC in the sandbox). */
  effective: string;
}

interface Criterion {
  updated: [number, number] | null;
  effective: [number, number] | null;
  types: ReadonlySet<string> | null;
}

/** xsd:dateTime to epoch ms; without an offset it is the tenant's time (UTC here). */
const ms = (text: string): number => DateTime.fromISO(text.trim(), { zone: 'utc' }).toMillis();

const range = (
  data: XmlNode | undefined,
  names: [string, string],
  xpath: string,
  label: 'Updated' | 'Effective',
): [number, number] | null => {
  const [from, through] = names.map((n) => child(data, n)?.text);
  if (from === undefined && through === undefined) return null;
  if (from === undefined || through === undefined)
    throw invalid(`If one of ${label} From or ${label} Through contains a value, both are Required!`, xpath);
  const r: [number, number] = [ms(from), ms(through)];
  if (r[0] > r[1]) throw invalid(`${label} From must be less than or equal to ${label} Through!`, xpath);
  return r;
};

/** The criteria of a request (none: null), validated against the current moment `now` (epoch ms). */
export const readLogCriteria = (criteria: XmlNode | undefined, rootPath: string, now: number): Criterion[] | null => {
  const nodes = criteria ? childrenNamed(criteria, 'Transaction_Log_Criteria_Data') : [];
  if (nodes.length === 0) return null;
  return nodes.map((node, i) => {
    const xpath = `${rootPath}/wd:Request_Criteria/wd:Transaction_Log_Criteria_Data[${i + 1}]`;
    const types = child(node, 'Transaction_Type_References');
    if (child(node, 'Subscriber_Reference'))
      throw invalid(
        'Subscriber Reference must have an enabled Transaction Log Service configuration.',
        `${xpath}/wd:Subscriber_Reference`,
      );
    const data = child(node, 'Transaction_Date_Range_Data');
    const dataPath = `${xpath}/wd:Transaction_Date_Range_Data`;
    const updated = range(data, ['Updated_From', 'Updated_Through'], dataPath, 'Updated');
    if (updated && updated[1] > now)
      throw invalid('Updated Through must be less than or equal to Current Moment!', `${dataPath}/wd:Updated_Through`);
    const effective = range(data, ['Effective_From', 'Effective_Through'], dataPath, 'Effective');
    const typeIds = types
      ? childrenNamed(types, 'Transaction_Type_Reference').flatMap((r, j) =>
          childrenNamed(r, 'ID').map((id) => {
            if (attr(id, 'type') !== 'Business_Process_Type')
              throw invalid(
                `Invalid ID value. '${id.text.trim()}' is not a valid ID value for type = ${attr(id, 'type') ?? ''}`,
                `${xpath}/wd:Transaction_Type_References/wd:Transaction_Type_Reference[${j + 1}]/wd:ID`,
              );
            return id.text.trim();
          }),
        )
      : null;
    return { updated, effective, types: typeIds ? new Set(typeIds) : null };
  });
};

const inRange = (v: number, r: [number, number] | null): boolean => r === null || (r[0] <= v && v <= r[1]);

/** Whether a log has an entry that one of the criteria selects. */
export const logMatches = (log: readonly LogEntry[], criteria: readonly Criterion[]): boolean =>
  log.some((e) =>
    criteria.some(
      (c) =>
        inRange(ms(e.entered), c.updated) &&
        inRange(ms(`${e.effective}T00:00:00`), c.effective) &&
        (c.types === null || c.types.has(e.type)),
    ),
  );
