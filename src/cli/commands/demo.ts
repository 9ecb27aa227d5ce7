import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { connectorOf, connectors } from '../../../connectors/index.js';
import type { RunningSandbox } from '../../connector.js';
import { writeSampleEvidence } from '../../demo/sample-evidence.js';
import { generateSyntheticHistory } from '../../demo/synthetic-history.js';
import { generateSyntheticOrg } from '../../demo/synthetic-org.js';
import type { SyntheticEmployee } from '../../../schemas/index.js';
import { UsageError } from '../../errors.js';
import { openContext, parseAsOf, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';
import { renderSummary } from '../render-plan.js';
import { writeDashboard } from './report.js';
import { writeCommittee } from './committee.js';

export interface DemoOptions extends GlobalOptions {
  out?: string;
  employees?: string;
  seed?: string;
  only?: string;
  serve?: boolean;
}

/**
 * `demo`: the main job on the embedded default. Starts the sandboxes, seeds a synthetic organisation, writes sample
 * evidence and a config, then plan, apply, plan again (zero changes) and the dashboard. Needs no tenant, no
 * credentials.
 */
export const demoCommand = async (out: Output, opts: DemoOptions): Promise<number> => {
  const dir = resolve(opts.out ?? 'fluencyflow-demo');
  const employees = opts.employees ? Number(opts.employees) : 2000;
  if (!Number.isInteger(employees) || employees < 10)
    throw new UsageError('--employees takes a whole number of at least 10');
  const seed = opts.seed ? Number(opts.seed) : 42;
  const asOf = parseAsOf(opts.asOf) ?? DateTime.now().setZone('America/New_York').toISODate() ?? '';
  const year = asOf.slice(0, 4);
  const cycle = { id: `FY${year}`, start: `${year}-01-01`, end: `${year}-12-31`, zone: 'America/New_York' };
  const types = (opts.only ?? Object.keys(connectors).join(',')).split(',').map((s) => s.trim());
  for (const t of types) if (!connectorOf(t)) throw new UsageError(`unknown HRIS "${t}" for --only`);

  rmSync(join(dir, '.fluencyflow'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started: RunningSandbox[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env };
  const blocks: Record<string, unknown>[] = [];
  const everyone: SyntheticEmployee[] = [];
  try {
    out.line(`fluencyflow demo: a synthetic organisation as of ${asOf}, cycle ${cycle.id}.`);
    for (const [i, type] of types.entries()) {
      const def = connectorOf(type);
      if (!def) continue;
      // Each connector says where its sandbox sits in the one synthetic company (`ConnectorDefinition.demo`).
      const share = def.demo;
      const org = generateSyntheticOrg({
        asOf,
        employees: Math.max(10, Math.round(employees * share.share)),
        seed: seed + i,
        emailDomain: share.domain,
        firstId: share.firstId,
        employeeNumbers: share.employeeNumbers,
        standardGoalTitle: `AI fluency development goal ${cycle.id}`,
        cycleEnd: cycle.end,
        name: `Example Corp (${def.title}, synthetic)`,
      });
      const sandbox = await def.sandbox.start({ org, port: 0 });
      started.push(sandbox);
      Object.assign(env, sandbox.env);
      blocks.push(sandbox.connectorConfig(share.id));
      everyone.push(...org.employees);
      out.line(`  ${def.title} sandbox: ${org.employees.length} employees at ${sandbox.baseUrl}`);
    }
    const files = writeSampleEvidence({ employees: everyone, asOf, zone: cycle.zone, seed, dir: join(dir, 'data') });
    out.line(
      `  sample evidence: ${files.counts.certifications} certifications, ` +
        `${files.counts.enrolments} enrolments, ${files.counts.usageLines} usage lines in ${join(dir, 'data')}`,
    );

    const config = {
      version: 1,
      organization: 'Example Corp (synthetic demo)',
      asOf,
      cycle,
      ladder: [
        {
          id: 'foundational',
          name: 'Foundational',
          description: 'Uses approved AI assistants for everyday drafting and review; checks every output.',
          evidence: { credentials: ['internal:ai-foundations'], use: { minActiveDays: 4, windowDays: 28 } },
        },
        {
          id: 'practitioner',
          name: 'Practitioner',
          description: 'Builds AI into their own workflows and shares what works with the team.',
          evidence: {
            credentials: ['aws:ai-practitioner', 'google:ai-essentials'],
            use: { minActiveDays: 8, windowDays: 28 },
          },
        },
        {
          id: 'expert',
          name: 'Expert',
          description: 'Designs AI-assisted processes for others and reviews their quality and risk.',
          evidence: { credentials: ['internal:ai-expert-review'], use: { minActiveDays: 16, windowDays: 28 } },
        },
      ],
      grades: {
        order: ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9', 'G10'],
        expect: [
          { level: 'foundational' },
          { level: 'practitioner', fromGrade: 'G6' },
          { level: 'expert', jobFamilies: ['Data Science'] },
        ],
      },
      goal: { title: 'AI fluency development goal {cycle}', weights: { credential: 50, use: 50 } },
      promotion: { lookbackDays: 365 },
      credentials: {
        'AWS Certified AI Practitioner': 'aws:ai-practitioner',
        'Google AI Essentials': 'google:ai-essentials',
        'AI Foundations': 'internal:ai-foundations',
        'AI Expert Review': 'internal:ai-expert-review',
      },
      evidence: {
        certifications: 'data/certifications.csv',
        enrolments: 'data/enrolments.csv',
        usage: 'data/usage.ndjson',
      },
      privacy: { minGroupSize: 5 },
      connectors: blocks,
      state: '.fluencyflow/state.db',
    };
    const configPath = join(dir, 'fluencyflow.yaml');
    writeFileSync(
      configPath,
      `# Written by \`fluencyflow demo\`: the sandboxes' ports change on every run.\n${stringify(config)}`,
    );

    const ctx = await openContext(out, { ...opts, config: configPath }, { env });
    try {
      const first = await ctx.engine.plan(asOf);
      ctx.progress.stop();
      out.line('');
      out.line('1. plan (dry run):');
      renderSummary(out, first.plan);
      const applied = await ctx.engine.apply({ asOf, onProgress: (d, t) => ctx.progress.update('apply', d, t) });
      ctx.progress.stop();
      out.line('');
      out.line(`2. apply: ${applied.result.applied} written, ${applied.result.failed} failed.`);
      const again = await ctx.engine.plan(asOf);
      ctx.progress.stop();
      out.line(
        `3. plan again: ${again.plan.summary.create} to create, ${again.plan.summary.update} to update ` +
          '(a second run after a successful apply plans nothing).',
      );
      // Two years of made-up quarterly history, labelled synthetic, so the trend charts have something to show.
      ctx.engine.store().upsertSnapshots(
        generateSyntheticHistory({
          evaluations: again.evaluations,
          ladder: again.policy.ladder.map((l) => l.id),
          asOf,
          quarters: 8,
          seed,
        }),
      );
      const report = await writeDashboard(ctx.engine, again, join(dir, 'report'));
      const committee = await writeCommittee(
        again,
        join(dir, 'report', 'committee'),
        ctx.loaded.config.promotion.nearPromotionMonths,
      );
      const t = applied.summary.thresholds;
      out.line('');
      out.line('Results:');
      out.line(`  employees read ${again.plan.summary.employees}, judged ${again.plan.summary.judged}`);
      out.line(`  goals, flags and notes written: ${applied.result.applied}`);
      out.line(`  employees with the goal: ${(t.goalCoverage.share * 100).toFixed(1)}% (target 100%)`);
      out.line(
        `  ${t.practitionerOrPursuing.level} or pursuing, in grades that expect it: ` +
          `${(t.practitionerOrPursuing.share * 100).toFixed(1)}% (target 80%)`,
      );
      out.line(`  dashboard: ${report.index}`);
      out.line(`  committee list: ${committee.html}`);
      out.line(`  config: ${configPath}; state: ${join(dir, '.fluencyflow', 'state.db')}`);
      if (out.json)
        out.data({
          dir,
          dashboard: report.index,
          committee: committee.html,
          applied: applied.result.applied,
          failed: applied.result.failed,
          secondPlan: again.plan.summary,
          thresholds: t,
        });
      if (opts.serve) {
        out.line('');
        out.line('The sandboxes keep running; try: fluencyflow status --config ' + configPath + '   (Ctrl-C to stop)');
        await new Promise<void>((r) => {
          process.once('SIGINT', () => r());
          process.once('SIGTERM', () => r());
        });
      }
      return applied.result.failures.length > 0 ? 3 : 0;
    } finally {
      ctx.progress.stop();
      await ctx.engine.close();
    }
  } finally {
    for (const s of started) await s.close();
  }
};
