import { attr, child, childrenNamed, type XmlNode } from '../xml-read.js';
import type { WdStore, WdWorker } from '../store.js';
import { invalid } from './fault.js';

export const bool = (n: XmlNode | undefined): boolean | undefined =>
  n === undefined ? undefined : /^(true|1)$/.test(n.text.trim());
export const text = (n: XmlNode | undefined): string | undefined => (n === undefined ? undefined : n.text);

/** Resolves a Worker_Reference (WID or Employee_ID); an unknown one is Workday's "Invalid ID value" error. */
export const resolveWorker = (store: WdStore, ref: XmlNode, xpath: string): WdWorker => {
  for (const id of childrenNamed(ref, 'ID')) {
    const type = attr(id, 'type');
    const value = id.text.trim();
    const w = type === 'WID' ? store.byWid.get(value) : type === 'Employee_ID' ? store.byId.get(value) : undefined;
    if (w) return w;
  }
  const first = child(ref, 'ID');
  throw invalid(
    `Invalid ID value. '${first?.text.trim() ?? ''}' is not a valid ID value for type = ` +
      `${attr(first, 'type') ?? 'unknown'}`,
    `${xpath}/wd:ID`,
  );
};
