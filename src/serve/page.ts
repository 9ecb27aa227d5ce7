import { z } from 'zod';
import type { Plan } from '../../schemas/index.js';
import { escapeHtml as h } from '../report/render/escape.js';
import type { KeptPlan } from '../state/approvals.js';
import type { RunRecord } from '../state/state-store.js';
import type { Identity } from './auth.js';
import type { PageFailure } from './runner.js';

export interface PageData {
  organization: string;
  who: Identity;
  pending: { kept: KeptPlan; plan: Plan; csrf: string } | null;
  plans: readonly KeptPlan[];
  runs: readonly RunRecord[];
  failures: { runId: string; failures: readonly PageFailure[] } | null;
  upcoming: readonly { trigger: string; at: string }[];
  busy: string | null;
  /** A message after the approve form (refused, or approved and being applied). */
  notice: string | null;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d232b; background: #f5f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #dfe3e8; }
.meta { color: #5b6470; } .notice { padding: 8px 12px; background: #fff8e1; border-left: 4px solid #d9a200; }
.card { background: #fff; border: 1px solid #dfe3e8; border-radius: 6px; padding: 12px 16px; }
button { font: inherit; padding: 6px 14px; }
`;

const PREVIEW = 50;

const runCounts = z.object({
  applied: z.number().optional(),
  failed: z.number().optional(),
  unknown: z.number().optional(),
  notAttempted: z.number().optional(),
  plan: z.object({ create: z.number(), update: z.number() }).optional(),
});

const countsOf = (summary: unknown): string => {
  const s = runCounts.safeParse(summary);
  if (!s.success) return '';
  const parts = s.data.plan ? [`plan ${s.data.plan.create} create, ${s.data.plan.update} update`] : [];
  for (const k of ['applied', 'failed', 'unknown', 'notAttempted'] as const) {
    const n = s.data[k];
    if (n !== undefined) parts.push(`${k} ${n}`);
  }
  return parts.join(', ');
};

const pendingSection = (d: PageData): string => {
  if (d.pending === null) return '<p>No plan is waiting for approval.</p>';
  const { kept, plan, csrf } = d.pending;
  const s = plan.summary;
  const rows = plan.changes
    .slice(0, PREVIEW)
    .map(
      (c) =>
        `<tr><td>${h(c.connector)}</td><td>${h(c.employeeId)}</td><td>${h(c.displayName ?? '')}</td>` +
        `<td>${h(c.kind)}</td><td>${h(c.action)}</td></tr>`,
    )
    .join('');
  const own = kept.plannedBy === d.who.name;
  // The planner sees the form disabled; the service refuses their approval anyway (and audits the attempt).
  const action = !d.who.approver
    ? `<p class="notice">You may read this plan; only an approver can approve it.</p>`
    : (own ? `<p class="notice">You made this plan: another approver must approve it.</p>` : '') +
      `<form method="post" action="/plans/${encodeURIComponent(kept.id)}/approve">` +
      `<input type="hidden" name="csrf" value="${h(csrf)}">` +
      `<button type="submit" id="approve"${own ? ' disabled' : ''}>` +
      `Approve and apply these ${kept.changes} changes</button>` +
      `</form>`;
  return (
    `<div class="card" id="pending" data-plan="${h(kept.id)}">` +
    `<p>Plan <code>${h(kept.id)}</code> by ${h(kept.plannedBy)} at ${h(kept.plannedAt)} (as of ${h(plan.asOf)}): ` +
    `${s.create} to create, ${s.update} to update, ${s.noop} already in place.</p>` +
    `<table><thead><tr><th>HRIS</th><th>Employee</th><th>Name</th><th>Kind</th><th>Action</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>` +
    (plan.changes.length > PREVIEW ? `<p class="meta">and ${plan.changes.length - PREVIEW} more</p>` : '') +
    action +
    `</div>`
  );
};

/** The service's one page: pending plan (with the approve form), plans, last runs, failures, links to the views. */
export const renderPage = (d: PageData): string => {
  const runs = d.runs
    .map(
      (r) =>
        `<tr data-run="${h(r.id)}"><td><code>${h(r.id)}</code></td><td>${h(r.command)}</td><td>${h(r.actor)}</td>` +
        `<td>${h(r.startedAt)}</td><td class="status">${h(r.status)}</td><td>${h(countsOf(r.summary))}</td></tr>`,
    )
    .join('');
  const plans = d.plans
    .map(
      (p) =>
        `<tr data-plan="${h(p.id)}"><td><code>${h(p.id)}</code></td><td>${h(p.plannedBy)}</td><td>${p.changes}</td>` +
        `<td class="status">${h(p.status)}</td><td>${h(p.approvedBy ?? '')}</td><td>${h(p.applyRunId ?? '')}</td>` +
        `<td>${h(p.detail ?? '')}</td></tr>`,
    )
    .join('');
  const failures =
    d.failures === null || d.failures.failures.length === 0
      ? '<p>The last apply had no failures.</p>'
      : `<p>Run <code>${h(d.failures.runId)}</code>:</p><table><tbody>` +
        d.failures.failures
          .slice(0, 100)
          .map((f) => [f.connector, f.employeeId, f.kind, f.status, f.code].map((v) => `<td>${h(v)}</td>`).join(''))
          .map((cells) => `<tr>${cells}</tr>`)
          .join('') +
        '</tbody></table>';
  const upcoming = d.upcoming.map((u) => `${h(u.trigger)} ${h(u.at)}`).join('; ') || 'nothing scheduled';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fluencyflow: ${h(d.organization)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><main>
<h1>fluencyflow: ${h(d.organization)}</h1>
<p class="meta">Signed in as <span id="who">${h(d.who.name)}</span>${d.who.approver ? ' (approver)' : ''}.
Next: ${upcoming}.${d.busy ? ` Running: ${h(d.busy)}.` : ''}
<a href="/dashboard/">Dashboard</a> · <a href="/committee/">Committee view</a></p>
${d.notice ? `<p class="notice" id="notice">${h(d.notice)}</p>` : ''}
<h2>Pending plan</h2>
${pendingSection(d)}
<h2>Plans kept for approval</h2>
<table id="plans"><thead><tr><th>Plan</th><th>Planned by</th><th>Changes</th><th>Status</th><th>Approved by</th>
<th>Apply run</th><th>Why</th></tr></thead><tbody>${plans}</tbody></table>
<h2>Last runs</h2>
<table id="runs"><thead><tr><th>Run</th><th>Command</th><th>By</th><th>Started</th><th>Status</th><th>Counts</th></tr>
</thead><tbody>${runs}</tbody></table>
<h2>Failures</h2>
${failures}
</main></body></html>
`;
};
