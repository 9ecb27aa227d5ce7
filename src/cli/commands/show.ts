import { readPlanFile } from '../../apply/plan-file.js';
import type { Output } from '../output.js';
import { renderShow, showJson } from '../render-plan.js';
import { renderRevertShow, revertShowJson } from '../render-revert.js';

/**
 * `show plan.json [--json]`: a saved plan for people, per employee with each change's before, after and reason.
 * Reads the file only (its digest checked), never the HRIS or the config.
 */
export const showCommand = async (out: Output, file: string): Promise<number> => {
  const plan = await readPlanFile(file);
  if (plan.revert) {
    if (out.json) out.data(revertShowJson(plan, plan.revert));
    else renderRevertShow(out, plan, plan.revert);
    return 0;
  }
  if (out.json) out.data(showJson(plan));
  else renderShow(out, plan);
  return 0;
};
