import { attr, child, childrenNamed, type XmlNode } from '../xml-read.js';
import { wd, wdRef } from '../xml-write.js';
import type { WdGoal, WdStore, WdWorker } from '../store.js';
import { statusBy } from '../tenant.js';
import { bool, resolveWorker, text } from './refs.js';
import { invalid } from './fault.js';

const root = '/wd:Manage_Goals_Request/wd:Manage_Goals_Data';
/** Statuses that complete a goal, by Component_Completion_ID. */
const COMPLETING = new Set(['COMPLETED']);

const findGoal = (store: WdStore, worker: WdWorker, ref: XmlNode, xpath: string): WdGoal => {
  for (const id of childrenNamed(ref, 'ID')) {
    const type = attr(id, 'type');
    const v = id.text.trim();
    const g =
      type === 'WID'
        ? worker.goals.find((x) => x.wid === v)
        : type === 'Goal_Reference_ID'
          ? store.goalsByRef.get(v)?.goal
          : undefined;
    if (g) return g;
  }
  throw invalid(
    `Invalid ID value. '${child(ref, 'ID')?.text.trim() ?? ''}' is not a valid ID value for type = ` +
      `${attr(child(ref, 'ID'), 'type') ?? 'unknown'}`,
    `${xpath}/wd:Goal_Reference/wd:ID`,
  );
};

/**
 * Manage_Goals: with Add_Only false a Goal_Reference_ID already in the tenant updates that goal (an upsert on the
 * reference id); with Add_Only true a new goal is always made. Elements sent replace the goal's values; a status that
 * does not complete the goal reopens it. Without Auto_Complete the business process waits for approval and nothing
 * changes yet.
 */
export const manageGoals = (store: WdStore, req: XmlNode, newEvent: () => string): string => {
  const addOnly = attr(req, 'Add_Only') === 'true' || attr(req, 'Add_Only') === '1';
  const autoComplete = bool(child(child(req, 'Business_Process_Parameters'), 'Auto_Complete')) === true;
  const data = child(req, 'Manage_Goals_Data');
  const workerNode = child(data, 'Worker_Reference');
  if (!data || !workerNode) throw invalid('Manage_Goals_Data is required', root);
  const worker = resolveWorker(store, workerNode, `${root}/wd:Worker_Reference`);
  const touched: WdGoal[] = [];
  const staged: (() => void)[] = [];
  childrenNamed(data, 'Worker_Goal_Detail_Data').forEach((d, i) => {
    const xpath = `${root}/wd:Worker_Goal_Detail_Data[${i + 1}]`;
    const refId = text(child(d, 'Goal_Reference_ID'))?.trim();
    const goalRef = child(d, 'Goal_Reference');
    const statusNode = child(child(d, 'Status_Reference'), 'ID');
    const statusText = statusNode?.text.trim();
    // Only the tenant's own statuses are accepted, by WID or Component_Completion_ID, as Workday validates references.
    const known = statusText === undefined ? undefined : statusBy(store.tenant, attr(statusNode, 'type'), statusText);
    if (statusText !== undefined && known === undefined)
      throw invalid(
        `Invalid ID value. '${statusText}' is not a valid ID value for type = ${attr(statusNode, 'type') ?? 'unknown'}`,
        `${xpath}/wd:Status_Reference/wd:ID`,
      );
    const status = known?.refId;
    let goal: WdGoal | undefined = goalRef ? findGoal(store, worker, goalRef, xpath) : undefined;
    const byRef = refId ? store.goalsByRef.get(refId) : undefined;
    if (!goal && byRef && !addOnly) {
      if (byRef.worker !== worker)
        throw invalid(`Goal Reference ID '${refId ?? ''}' belongs to another worker`, `${xpath}/wd:Goal_Reference_ID`);
      goal = byRef.goal;
    }
    if (!goal && byRef)
      throw invalid(`The Reference ID '${refId ?? ''}' is already in use`, `${xpath}/wd:Goal_Reference_ID`);
    const name = text(child(d, 'Name'));
    if (!goal && (name === undefined || name.trim() === ''))
      throw invalid('Goal Name is required for a new goal', `${xpath}/wd:Name`);
    const target: WdGoal = goal ?? {
      wid: store.nextWid(),
      referenceId: refId ?? null,
      name: '',
      description: '',
      dueDate: null,
      statusId: null,
      completionDate: null,
      archived: false,
    };
    const isNew = goal === undefined;
    staged.push(() => {
      if (name !== undefined) target.name = name;
      const desc = text(child(d, 'Description'));
      if (desc !== undefined) target.description = desc;
      const due = text(child(d, 'Due_Date'));
      if (due !== undefined) target.dueDate = due.trim().slice(0, 10);
      if (status !== undefined) target.statusId = status;
      const completion = text(child(d, 'Completion_Date'));
      target.completionDate =
        completion !== undefined
          ? completion.trim().slice(0, 10)
          : status !== undefined && !COMPLETING.has(status)
            ? null
            : target.completionDate;
      const archived = bool(child(d, 'Goal_Archived'));
      if (archived !== undefined) target.archived = archived;
      if (refId && !target.referenceId) target.referenceId = refId;
      if (isNew) worker.goals.push(target);
      if (target.referenceId) store.goalsByRef.set(target.referenceId, { worker, goal: target });
    });
    touched.push(target);
  });
  if (autoComplete) {
    for (const s of staged) s();
    // Manage Goals is a business process: its event enters the worker's transaction log, effective on entry.
    store.logEvent(worker, 'Manage Goals', store.now().slice(0, 10));
  }
  return wd(
    'Manage_Goals_Response',
    { version: attr(req, 'version') },
    wdRef('Worker_Goal_Event_Reference', [['WID', newEvent()]]),
    ...touched.map((g) =>
      wdRef(
        'Worker_Goal_Detail_Reference',
        g.referenceId
          ? [
              ['WID', g.wid],
              ['Goal_Reference_ID', g.referenceId],
            ]
          : [['WID', g.wid]],
      ),
    ),
  );
};
