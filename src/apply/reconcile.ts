import type { AuditRecord, Change } from '../../schemas/index.js';
import type { OpenIntent, StateStore } from '../state/state-store.js';

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * Gives every open intent (a write whose process was killed before its outcome was recorded) the outcome a fresh
 * read of the HRIS shows: planned as a noop now means the HRIS holds it (applied); still planned means it was not
 * written (failed, planned again); no longer planned at all means it cannot be told (unknown). Returns the count.
 * Intents of employees the read did not cover (`covers` false: outside the run's scope) stay open.
 */
export const reconcileOpenIntents = (
  store: StateStore,
  fresh: readonly Change[],
  by: { runId: string; actor: string; at: string },
  covers: (connector: string, employeeId: string) => boolean = () => true,
): number => {
  const open = store.openIntents().filter((i) => covers(i.connector, i.employeeId));
  if (open.length === 0) return 0;
  const byKey = new Map(fresh.map((c) => [c.key, c]));
  const outcomeOf = (intent: OpenIntent): Pick<AuditRecord, 'outcome' | 'errorMessage'> => {
    const now = byKey.get(intent.changeKey);
    const note = `reconciled by run ${by.runId} after run ${intent.runId} was interrupted`;
    if (!now)
      return {
        outcome: 'unknown',
        errorMessage: `${note}: the change is no longer planned, so whether it was written is not known`,
      };
    if (now.action === 'noop') return { outcome: 'applied', errorMessage: `${note}: the HRIS holds the change` };
    return { outcome: 'failed', errorMessage: `${note}: the HRIS does not hold the change; it is planned again` };
  };
  return store.reconcileIntents(
    open.map((intent) => ({
      intent,
      record: {
        at: by.at,
        runId: intent.runId,
        actor: by.actor,
        connector: intent.connector,
        employeeId: intent.employeeId,
        changeKey: intent.changeKey,
        kind: intent.kind,
        action: intent.action,
        before: json(intent.before),
        after: json(intent.after),
        errorCode: null,
        requestId: null,
        ...outcomeOf(intent),
      },
    })),
  );
};
