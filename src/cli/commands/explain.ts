import {
  changesByEmployee,
  explainEmployee,
  findEmployee,
  matchesQuery,
  type Explanation,
} from '../../engine/explain.js';
import { UsageError } from '../../errors.js';
import { openContext, parseAsOf, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

const yes = (b: boolean) => (b ? 'yes' : 'no');

const printExplanation = (out: Output, x: Explanation): void => {
  const e = x.employee;
  const v = x.evaluation;
  const number = e.employeeNumber ? `, ${e.employeeNumber}` : '';
  const email = e.email ? `, ${e.email}` : '';
  out.line(`${e.name} (${e.connector}/${e.id}${number}${email})`);
  const families = e.jobFamilies.length > 0 ? e.jobFamilies.join(' + ') : 'no job family';
  out.line(`  ${e.grade ?? 'no grade'} · ${families} · ${e.department ?? 'no department'} · ${e.status}`);
  if (v.unjudged) out.line(`  Not judged: ${v.unjudged}. Nothing is written for this employee.`);
  out.line(
    `  Level held: ${v.levelHeld ?? 'none'}; expected: ${v.levelExpected ?? 'none'}; status: ${v.status ?? '-'}`,
  );
  out.line('  Levels on the as-of date:');
  for (const l of x.levels) {
    const counted = l.credentialsCounted.length ? ` (${l.credentialsCounted.join(', ')})` : '';
    const use = l.requiredDays === null ? 'not required' : `${l.activeDays}/${l.requiredDays} days in ${l.windowDays}`;
    const held = l.held ? 'held' : 'not held';
    out.line(`    ${l.level.padEnd(14)} credential ${yes(l.credential)}${counted}; use ${use} -> ${held}`);
  }
  out.line('  Evidence that counted:');
  if (x.counted.length === 0) out.line('    (none)');
  for (const c of x.counted)
    out.line(
      `    ${c.credential} issued ${c.issuedOn}${c.expiresOn ? `, expires ${c.expiresOn}` : ''} -> ` +
        `${c.levels.join(', ')}${c.outcome ? ` (${c.outcome})` : ''}${c.source ? `  [${c.source}]` : ''}`,
    );
  out.line('  Evidence that did not count:');
  if (x.notCounted.length === 0) out.line('    (none)');
  for (const c of x.notCounted) out.line(`    ${c.item}: ${c.why}${c.source ? `  [${c.source}]` : ''}`);
  out.line(
    `  AI use: ${x.use.activeDaysLast28} active days in the last 28 (${x.use.perWeek} per week), ` +
      `${x.use.events} events, ${x.use.minutesSaved} minutes saved; last active ` +
      `${x.use.lastActiveDay ?? 'never'}; ${x.use.daysOutsideWindow} active days outside the window`,
  );
  out.line(
    `  Signals: certified-inactive ${yes(v.signals.certifiedInactive)}, burst ${yes(v.signals.burst)}, ` +
      `too fast ${yes(v.signals.tooFast)}`,
  );
  if (v.goal) out.line(`  Goal: ${v.goal.targetLevel}, ${v.goal.percentComplete}% ${v.goal.status}`);
  if (v.eligibility)
    out.line(
      `  Flag${v.eligibility.nextGrade ? ` (next grade ${v.eligibility.nextGrade})` : ''}: ` +
        `${v.eligibility.value}: ${v.eligibility.reason}`,
    );
  for (const p of v.promotions)
    out.line(
      `  Promotion ${p.effectiveDate} ${p.fromGrade} -> ${p.toGrade}: ` +
        `level then ${p.levelHeldThen ?? 'none'}, expected ${p.levelExpected ?? 'none'}: ` +
        `${p.met ? 'met' : `exception (${p.missing})`}`,
    );
  out.line('  Changes planned:');
  for (const c of x.changes) out.line(`    ${c.action.padEnd(6)} ${c.kind}: ${c.reason}`);
};

/** `explain <employee> [--json]`. */
export const explainCommand = async (out: Output, query: string, opts: GlobalOptions): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const ev = await ctx.engine.evaluate(parseAsOf(opts.asOf));
    ctx.progress.stop();
    const found = findEmployee(ev, query);
    const outside = found.length === 0 ? ev.outsideScope.filter((e) => matchesQuery(e, query)) : [];
    for (const e of outside) {
      // Read from the HRIS but left out by the scope: nothing is evaluated or written for them in this run.
      const name = `${e.firstName} ${e.lastName}`.trim();
      const who = `${name} (${e.connector}/${e.id})`;
      const employee = { connector: e.connector, id: e.id, name, department: e.department, grade: e.grade };
      if (out.json) out.data({ employee, outOfScope: true, scope: ev.scope });
      else {
        out.line(
          `${who} is outside the scope ${ev.scope ?? ''}: ` +
            'no goal, flag or note is planned or written for them in this run.',
        );
        out.line('  Widen the scope (config scope:, or --scope) to include them; only the people it adds are planned.');
      }
    }
    if (outside.length > 0) return 0;
    if (found.length === 0)
      throw new UsageError(`no employee matches "${query}" (an HRIS id, connector/id, employee number or work e-mail)`);
    for (const i of found) {
      const x = explainEmployee(ev, i);
      if (out.json) out.data(x);
      else printExplanation(out, x);
    }
    return 0;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};

/** `evidence [--json]`: the same summary for everyone, as NDJSON with --json. */
export const evidenceCommand = async (out: Output, opts: GlobalOptions): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const ev = await ctx.engine.evaluate(parseAsOf(opts.asOf));
    ctx.progress.stop();
    const byEmployee = changesByEmployee(ev);
    for (let i = 0; i < ev.records.length; i++) {
      const x = explainEmployee(ev, i, byEmployee);
      if (out.json)
        out.ndjson({
          employee: x.employee,
          levelHeld: x.evaluation.levelHeld,
          levelExpected: x.evaluation.levelExpected,
          status: x.evaluation.status,
          use: x.use,
          counted: x.counted,
          notCounted: x.notCounted,
          outcomes: x.outcomes,
          signals: x.evaluation.signals,
        });
      else
        out.line(
          [
            `${x.employee.connector}/${x.employee.id}`,
            x.evaluation.levelHeld ?? '-',
            x.evaluation.levelExpected ?? '-',
            x.evaluation.status ?? x.evaluation.unjudged ?? '-',
            `${x.use.activeDaysLast28}d/28`,
            x.counted.map((c) => c.credential).join(','),
          ].join('\t'),
        );
    }
    return 0;
  } finally {
    ctx.progress.stop();
    await ctx.engine.close();
  }
};
