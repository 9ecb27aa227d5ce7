import { z } from 'zod';
import { manualChange, type ManualChange } from '../../../schemas/index.js';
import { manualChangeLine } from '../../core/manual-changes.js';
import { UsageError } from '../../errors.js';
import { describeHolder } from '../../state/writer-lock.js';
import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

const pct = (x: unknown): string => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');
/** A target as the admin wrote it: `100%`, `80%`, `92.5%`. */
const targetPct = (x: unknown): string => (typeof x === 'number' ? `${Math.round(x * 1000) / 10}%` : 'n/a');

const get = (o: unknown, ...path: string[]): unknown => {
  let cur: unknown = o;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || !(p in cur)) return undefined;
    cur = Object.entries(cur).find(([k]) => k === p)?.[1];
  }
  return cur;
};

/** The run summary's credential outcome counts (`credentialsIssuerNotTrusted`), in the words `explain` uses. */
const OUTCOME_KEY = /^credentials(Verified|Unverifiable|Forged|Revoked|Expired|IssuerNotTrusted|Unmatched|HrExport)$/;
const outcomeWords = (key: string): string =>
  key
    .slice('credentials'.length)
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();

/** `status --fail-below` exits with this when a threshold of the last run is below its target (docs/operations.md). */
const BELOW_TARGET_EXIT = 4;

/** Each threshold of a run's summary that is below its target, in words (`goal coverage 62.0% < 100.0%`). */
const belowTarget = (summary: unknown, config: { goalCoverage: number; practitioner: number }): string[] => {
  const figures = [
    { name: 'goal coverage', path: 'goalCoverage', target: config.goalCoverage },
    { name: 'practitioner or pursuing', path: 'practitionerOrPursuing', target: config.practitioner },
  ];
  return figures.flatMap((f) => {
    const share = get(summary, 'thresholds', f.path, 'share');
    const recorded = get(summary, 'thresholds', f.path, 'target');
    const target = typeof recorded === 'number' ? recorded : f.target;
    return typeof share === 'number' && share < target ? [`${f.name} ${pct(share)} < ${pct(target)}`] : [];
  });
};

/** The manual changes a run's summary recorded (kept overrides among them); none in summaries of older runs. */
const manualChangesOf = (summary: unknown): ManualChange[] => {
  const parsed = z.array(manualChange).safeParse(get(summary, 'manualChanges'));
  return parsed.success ? parsed.data : [];
};

/**
 * `status [--fail-below]`: last runs, thresholds, counts of changes and failures. Reads the state store only.
 * With `--fail-below`, exits 4 when a threshold of the last finished run is below its target.
 */
export const statusCommand = async (
  out: Output,
  opts: GlobalOptions & { limit?: string; failBelow?: boolean },
): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const store = ctx.engine.store();
    const runs = store.lastRuns(opts.limit ? Number(opts.limit) : 10);
    const lastApply = runs.find((r) => r.command === 'apply' && (r.status === 'done' || r.status === 'partial'));
    const failures = lastApply ? store.auditFor({ runId: lastApply.id }).filter((a) => a.outcome === 'failed') : [];
    const lock = store.writerLockHolder();
    // A broken audit log does not hide the runs: it is reported here and stops the next apply.
    let openIntents: number | string;
    try {
      openIntents = store.countOpenIntents();
    } catch (e) {
      openIntents = e instanceof Error ? e.message : String(e);
      if (!out.json) out.line(`Audit log: ${openIntents}`);
    }
    const latest = lastApply ?? runs.find((r) => r.status === 'done');
    if (opts.failBelow === true && !latest)
      throw new UsageError('status --fail-below: no finished run to judge yet', {
        hint: 'Run `fluencyflow plan` first.',
      });
    const below = latest ? belowTarget(latest.summary, ctx.loaded.config.thresholds) : [];
    const exit = opts.failBelow === true && below.length > 0 ? BELOW_TARGET_EXIT : 0;
    const manual = latest ? manualChangesOf(latest.summary) : [];
    const overrides = manual.filter((m) => m.handling === 'kept');
    if (out.json) {
      const writerLock = lock ? describeHolder(lock) : null;
      out.data({
        runs,
        lastApply: lastApply ?? null,
        failures,
        writerLock,
        openIntents,
        belowTarget: below,
        overrides,
        manualChanges: manual,
      });
      return exit;
    }
    if (lock) out.line(`Writer lock held by ${describeHolder(lock)}.`);
    if (typeof openIntents === 'number' && openIntents > 0)
      out.line(
        `${openIntents} audited writes await their outcome (in flight, or reconciled by the next plan or apply).`,
      );
    if (runs.length === 0) {
      out.line('No runs yet: start with `fluencyflow plan`.');
      return 0;
    }
    out.line('Last runs:');
    for (const r of runs) {
      const s = r.summary;
      const failed = get(s, 'failed');
      const applied = failed !== undefined ? `, ${String(get(s, 'applied'))} applied, ${String(failed)} failed` : '';
      const counts = `${get(s, 'plan', 'create') ?? '-'} create, ${get(s, 'plan', 'update') ?? '-'} update${applied}`;
      const reverts = get(s, 'reverts');
      const undoes = typeof reverts === 'string' ? `, reverts ${reverts}` : '';
      out.line(
        `  ${r.startedAt}  ${r.command.padEnd(6)} ${r.status.padEnd(11)} as of ${r.asOf ?? '-'}  ${counts}  ` +
          `(run ${r.id}${undoes})`,
      );
    }
    if (latest) {
      out.line('');
      const scope = get(latest.summary, 'scope');
      const covers =
        typeof scope === 'string'
          ? `scope ${scope}, ${String(get(latest.summary, 'outOfScope') ?? 0)} out of scope`
          : 'everyone';
      out.line(`Thresholds (run ${latest.id}, as of ${latest.asOf ?? '-'}, ${covers}):`);
      const goal = (key: string): unknown => get(latest.summary, 'thresholds', 'goalCoverage', key);
      const level = (key: string): unknown => get(latest.summary, 'thresholds', 'practitionerOrPursuing', key);
      const targets = ctx.loaded.config.thresholds;
      out.line(
        `  employees with the goal: ${pct(goal('share'))} of ${String(goal('of') ?? '-')} ` +
          `(target ${targetPct(goal('target') ?? targets.goalCoverage)})`,
      );
      out.line(
        `  ${String(level('level') ?? 'practitioner')} or pursuing, in grades that expect it: ` +
          `${pct(level('share'))} of ${String(level('of') ?? '-')} ` +
          `(target ${targetPct(level('target') ?? targets.practitioner)})`,
      );
      const issues = get(latest.summary, 'plan', 'issues');
      if (issues && typeof issues === 'object')
        out.line(
          `  reported: ${
            Object.entries(issues)
              .map(([k, v]) => `${k} ${String(v)}`)
              .join(', ') || 'nothing'
          }`,
        );
      const sig = get(latest.summary, 'signals');
      if (sig && typeof sig === 'object') {
        out.line(
          `  gaming signals: certified-inactive ${String(get(sig, 'certifiedInactive'))}, ` +
            `burst ${String(get(sig, 'burst'))}, too fast ${String(get(sig, 'tooFast'))} of ` +
            `${String(get(sig, 'judged'))} judged`,
        );
        const depts = get(sig, 'byDepartment');
        if (Array.isArray(depts))
          for (const d of depts.slice(0, 5))
            out.line(
              `    ${String(get(d, 'department')).padEnd(20)} certified-inactive ` +
                `${String(get(d, 'certifiedInactive'))}/${String(get(d, 'employees'))}, ` +
                `burst ${String(get(d, 'burst'))}, too fast ${String(get(d, 'tooFast'))}`,
            );
      }
      const ev = get(latest.summary, 'evidence');
      if (ev && typeof ev === 'object') {
        out.line(
          `  evidence: ${Object.entries(ev)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', ')}`,
        );
        const outcomes = Object.entries(ev).filter(([k]) => OUTCOME_KEY.test(k));
        if (outcomes.length > 0)
          out.line(`  credentials: ${outcomes.map(([k, v]) => `${outcomeWords(k)} ${String(v)}`).join(', ')}`);
      }
      out.line(below.length > 0 ? `  below target: ${below.join('; ')}` : '  every threshold meets its target');
    }
    if (manual.length > 0) {
      out.line('');
      const run = latest?.id ?? '-';
      out.line(
        `Changed by hand in the HRIS (run ${run}): ${overrides.length} kept overrides, never undone by fluencyflow:`,
      );
      for (const m of overrides) out.line(`  ${manualChangeLine(m)}`);
      const other = manual.filter((m) => m.handling !== 'kept');
      if (other.length > 0) out.line(`Also (${other.length}):`);
      for (const m of other) out.line(`  ${manualChangeLine(m)}`);
    }
    if (failures.length > 0) {
      out.line('');
      out.line(`Failed writes in the last apply (${failures.length}); the next apply retries them:`);
      for (const f of failures.slice(0, 10))
        out.line(
          `  ${String(f.connector)}/${String(f.employee_id)} ${String(f.kind)}: ` +
            `${String(f.error_code)} ${String(f.error_message)}`,
        );
    }
    return exit;
  } finally {
    await ctx.engine.close();
  }
};
