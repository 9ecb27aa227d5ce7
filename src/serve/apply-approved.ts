import type { Engine } from '../engine/engine.js';
import { FluencyError } from '../errors.js';
import type { Approvals } from '../state/approvals.js';

export interface ApprovedOutcome {
  planId: string;
  status: 'applied' | 'partial' | 'failed';
  applyRunId: string | null;
  errorCode?: string;
  result?: Awaited<ReturnType<Engine['apply']>>;
}

/**
 * Applies exactly the approved plan `planId` with `engine` (whose actor is the approver), the way `apply <plan.json>`
 * does: refused when the HRIS or the policy changed since it was made (FF_PLAN_STALE) or it holds a change the
 * engine would not make now. The plan's record says how it ended. Shared by `fluencyflow approve` and the service.
 */
export const applyApproved = async (engine: Engine, approvals: Approvals, planId: string): Promise<ApprovedOutcome> => {
  const plan = approvals.plan(planId);
  try {
    const result = await engine.apply({ plan });
    const status = result.result.failures.length > 0 ? 'partial' : 'applied';
    approvals.finish(planId, status, result.summary.runId, null);
    return { planId, status, applyRunId: result.summary.runId, result };
  } catch (e) {
    const code = e instanceof FluencyError ? e.code : 'unexpected';
    const detail = e instanceof FluencyError ? `${e.code}: ${e.message}` : 'the apply failed';
    approvals.finish(planId, 'failed', null, detail);
    return { planId, status: 'failed', applyRunId: null, errorCode: code };
  }
};
