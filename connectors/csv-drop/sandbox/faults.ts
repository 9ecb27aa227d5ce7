/**
 * The fault catalogue (`SandboxFault`) at the level of a drop folder: a "request" is the import of one outbox file
 * (`write`) or one export (`read`). Kinds with no file-level meaning (`token-expired`, `rate-limit`) do nothing.
 * - `status-429` / `status-503` / `reset-before`: the import is put off (the file waits for the next tick);
 * - `status-500`: the import fails, the file goes to `rejected/` with an errors file;
 * - `timeout` / `reset-after`: imported, but left in the outbox (imported again next tick: the rows are upserts);
 * - `slow`: imported `delayMs` after it was first seen; `frozen`: from its first hit on, nothing is imported;
 * - `truncated`: the export is cut half way; `malformed`: one employee row is broken; `drift`: a column is added.
 */
import type { SandboxFault, SandboxFaultKind } from '../../../src/connector.js';
import { seededRandom } from '../../../src/connector-kit/sandbox-faults.js';

interface Rule {
  fault: SandboxFault;
  random: () => number;
  matched: number;
  hits: number;
}

export interface FileFaults {
  set(faults: readonly SandboxFault[] | undefined): void;
  /** The kind that hits this import or export, if any. */
  next(on: 'read' | 'write'): SandboxFaultKind | null;
  hits(): Partial<Record<SandboxFaultKind, number>>;
}

export const createFileFaults = (): FileFaults => {
  let rules: Rule[] = [];
  const counts: Partial<Record<SandboxFaultKind, number>> = {};
  return {
    set: (faults) => {
      rules = (faults ?? []).map((fault) => ({ fault, random: seededRandom(fault.seed ?? 1), matched: 0, hits: 0 }));
    },
    next: (on) => {
      for (const r of rules) {
        const f = r.fault;
        if ((f.on ?? 'any') !== 'any' && f.on !== on) continue;
        r.matched++;
        if (r.matched <= (f.after ?? 0)) continue;
        if (f.times !== undefined && r.hits >= f.times) continue;
        if (r.random() * (f.every ?? 1) >= 1) continue;
        r.hits++;
        counts[f.kind] = (counts[f.kind] ?? 0) + 1;
        return f.kind;
      }
      return null;
    },
    hits: () => ({ ...counts }),
  };
};
