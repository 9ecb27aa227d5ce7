import { Command, CommanderError, Option } from 'commander';
import { tolerateClosedPipe } from './closed-pipe.js';
import { FluencyError, UsageError } from '../errors.js';
import { createOutput, type Output } from './output.js';
import { packageVersion } from './version.js';
import { stripControls } from '../state/safe-text.js';

interface Common {
  config?: string;
  json?: boolean;
  verbose?: boolean;
  asOf?: string;
}

const DESCRIPTION =
  'AI-fluency goals, promotion-eligibility flags and exception notes in Workday, SAP SuccessFactors and BambooHR.';

/**
 * Runs the CLI and returns the exit code (0 ok, 1 error, 2 plan has changes, 3 apply partly failed, 4 `status
 * --fail-below`: a threshold is below its target).
 * Each command's module is imported when that command runs: `--help` and `--version` load only commander, and a
 * command loads only what it uses (docs/performance.md).
 */
export const main = async (argv: readonly string[]): Promise<number> => {
  let exitCode = 0;
  tolerateClosedPipe(process.stdout);
  tolerateClosedPipe(process.stderr);
  let out: Output = createOutput({ json: argv.includes('--json'), verbose: argv.includes('--verbose') });
  const program = new Command('fluencyflow')
    .description(DESCRIPTION)
    .version(packageVersion(), '-v, --version', 'print the version')
    .enablePositionalOptions()
    .exitOverride()
    // Commander echoes what was typed (an unknown option or command): control characters removed like all human output.
    .configureOutput({ writeErr: (s) => process.stderr.write(stripControls(s)) });

  const common = (cmd: Command) =>
    cmd
      .option('-c, --config <file>', 'config file', 'fluencyflow.yaml')
      .option('--json', 'machine-readable output')
      .option('-v, --verbose', 'debug logging and the cause chain of errors');
  const wrap =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      exitCode = await fn(...args);
    };
  const setOut = (o: Common) => {
    out = createOutput({ json: o.json === true, verbose: o.verbose === true });
    return out;
  };
  const asOfOption = () => new Option('--as-of <date>', 'evaluate as of this date (yyyy-mm-dd)');
  const scopeOption = () =>
    new Option(
      '--scope <filter>',
      'only these people: department=Engineering,connector=us or pilot:wave1 (replaces scope.include)',
    );

  const adoptOption = () =>
    new Option('--adopt', 'write values that differ without history (a lost state store); they become the baseline');

  common(program.command('init').description('write an annotated starter config'))
    .addOption(new Option('--hris <type>', 'one HRIS or a comma-separated list').default(undefined))
    .option('--force', 'overwrite an existing file')
    .action(
      wrap(async (o: Common & { hris?: string; force?: boolean }) => {
        const { initCommand } = await import('./commands/init.js');
        return initCommand(setOut(o), o);
      }),
    );
  common(program.command('check'))
    .description('validate the config, reach every HRIS, verify permissions and the fields and goal plan')
    .action(
      wrap(async (o: Common) => {
        const { checkCommand } = await import('./commands/check.js');
        return checkCommand(setOut(o), o);
      }),
    );
  common(program.command('discover'))
    .description('list grades, goal plans and categories, and custom fields in each HRIS')
    .action(
      wrap(async (o: Common) => {
        const { discoverCommand } = await import('./commands/discover.js');
        return discoverCommand(setOut(o), o);
      }),
    );
  common(program.command('import').argument('<kind>').argument('<file>'))
    .description('load evidence: certifications, enrolments, usage, badges, copilot, ...')
    .action(
      wrap(async (kind: string, file: string, o: Common) => {
        const { importCommand } = await import('./commands/import.js');
        return importCommand(setOut(o), kind, file, o);
      }),
    );
  common(program.command('plan'))
    .description('compute the changes (writes nothing); exit 0 none, 2 pending, 1 error')
    .option('-o, --out <file>', 'write the plan as JSON')
    .addOption(asOfOption())
    .option('--limit <n>', 'change lines to print', '50')
    .addOption(scopeOption())
    .addOption(adoptOption())
    .action(
      wrap(async (o: Common & { out?: string; limit?: string; scope?: string; adopt?: boolean }) => {
        const { planCommand } = await import('./commands/plan.js');
        return planCommand(setOut(o), o);
      }),
    );
  program
    .command('show')
    .argument('<plan>')
    .description('a saved plan per employee: each change with before, after and why')
    .option('--json', 'machine-readable output')
    .action(
      wrap(async (file: string, o: { json?: boolean }) => {
        const { showCommand } = await import('./commands/show.js');
        return showCommand(setOut(o), file);
      }),
    );
  common(program.command('apply').argument('[plan]'))
    .description('apply a saved plan or a fresh one; exit 0 done, 3 partly failed, 1 error')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--deadline <minutes>', 'stop sending after this long; the rest is planned again by the next run', '60')
    .option('--wait <seconds>', "wait this long for another worker's lease instead of stopping (several workers)")
    .addOption(asOfOption())
    .addOption(scopeOption())
    .addOption(adoptOption())
    .action(
      wrap(
        async (
          file: string | undefined,
          o: Common & { yes?: boolean; deadline?: string; wait?: string; scope?: string; adopt?: boolean },
        ) => {
          const { applyCommand } = await import('./commands/apply.js');
          return applyCommand(setOut(o), file, o);
        },
      ),
    );
  common(program.command('revert').argument('<run-id>'))
    .description(
      'undo what an apply run wrote; without --yes a dry run; exit 0 nothing to undo or done, 2 pending, ' +
        '3 partly failed',
    )
    .option('-y, --yes', 'undo it now (without: print the plan, write nothing)')
    .option('-o, --out <file>', 'write the revert plan as JSON, for `apply <file>`')
    .option('--limit <n>', 'change lines to print', '50')
    .option('--deadline <minutes>', 'stop sending after this long', '60')
    .action(
      wrap(async (runId: string, o: Common & { yes?: boolean; out?: string; limit?: string; deadline?: string }) => {
        const { revertCommand } = await import('./commands/revert.js');
        const minutes = Number(o.deadline ?? '60');
        return revertCommand(setOut(o), runId, {
          ...o,
          ...(Number.isFinite(minutes) && minutes > 0 ? { deadlineMs: Math.round(minutes * 60_000) } : {}),
        });
      }),
    );
  common(program.command('report'))
    .description('the dashboard (DIR/index.html), metrics.json and CSVs; or the committee list')
    .option('-o, --out <dir>', 'output folder', 'report')
    .option('--committee', "the promotion committee's list instead of the dashboard")
    .option('--department <name>', 'committee list for one department')
    .addOption(asOfOption())
    .addOption(scopeOption())
    .action(
      wrap(async (o: Common & { out?: string; committee?: boolean; department?: string; scope?: string }) => {
        const { reportCommand } = await import('./commands/report.js');
        return reportCommand(setOut(o), o);
      }),
    );
  common(program.command('status'))
    .description('last runs, thresholds, counts of changes and failures')
    .option('--limit <n>', 'runs to list', '10')
    .option('--fail-below', 'exit 4 when a threshold of the last run is below its target')
    .action(
      wrap(async (o: Common & { limit?: string; failBelow?: boolean }) => {
        const { statusCommand } = await import('./commands/status.js');
        return statusCommand(setOut(o), o);
      }),
    );
  const audit = program.command('audit').description('verify or export the hash-chained audit log');
  common(
    audit.command('verify').description('walk the chain; exit 1 naming the first broken or missing record'),
  ).action(
    wrap(async (o: Common) => {
      const { auditVerifyCommand } = await import('./commands/audit.js');
      return auditVerifyCommand(setOut(o), o);
    }),
  );
  common(audit.command('export').description('every record, in order, as NDJSON or CSV'))
    .addOption(new Option('--format <format>', 'ndjson or csv').choices(['ndjson', 'csv']).default('ndjson'))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(
      wrap(async (o: Common & { format?: string; out?: string }) => {
        const { auditExportCommand } = await import('./commands/audit.js');
        return auditExportCommand(setOut(o), o);
      }),
    );
  common(program.command('explain').argument('<employee>'))
    .description("why an employee's flag, goal and notes are what they are")
    .addOption(asOfOption())
    .addOption(scopeOption())
    .action(
      wrap(async (who: string, o: Common & { scope?: string }) => {
        const { explainCommand } = await import('./commands/explain.js');
        return explainCommand(setOut(o), who, o);
      }),
    );
  common(program.command('evidence'))
    .description('the evidence summary for everyone (NDJSON with --json)')
    .addOption(asOfOption())
    .action(
      wrap(async (o: Common) => {
        const { evidenceCommand } = await import('./commands/explain.js');
        return evidenceCommand(setOut(o), o);
      }),
    );
  program
    .command('schema')
    .description("print the config's JSON Schema (for editors)")
    .action(
      wrap(async () => {
        const { schemaCommand } = await import('./commands/schema.js');
        return schemaCommand(setOut({ json: true }));
      }),
    );
  common(program.command('sandbox').argument('<hris>'))
    .description('start one HRIS sandbox on loopback')
    .option('--port <n>', 'port (0 = any free one)', '0')
    .option('--employees <n>', 'synthetic employees', '500')
    .option('--seed <n>', 'seed of the synthetic organisation', '42')
    .option('--as-of <date>', "the organisation's today")
    .option('--rate-limit-every <n>', 'answer every nth request with 429 + Retry-After')
    .option('--retry-after <seconds>', 'Retry-After value', '1')
    .option('--fail-writes-every <n>', 'fail every nth write with a server error')
    .action(
      wrap(async (type: string, o: Common & Record<string, string | undefined>) => {
        const { sandboxCommand } = await import('./commands/sandbox.js');
        return sandboxCommand(setOut(o), type, o);
      }),
    );
  common(program.command('serve'))
    .description('run the schedule, the page (runs, pending plan, approvals), /healthz, /readyz and /metrics')
    .option('--port <n>', 'port (default serve.port; 0 = any free one)')
    .option('--host <address>', 'address to listen on (default serve.host)')
    .action(
      wrap(async (o: Common & { port?: string; host?: string }) => {
        const { serveCommand } = await import('./commands/serve.js');
        return serveCommand(setOut(o), o);
      }),
    );
  common(program.command('approve').argument('[plan]'))
    .description('approve a plan kept for approval (not your own) and apply exactly it; --list shows them')
    .option('--list', 'list the plans kept for approval')
    .option('--as <name>', 'the approving identity (default the operating-system user)')
    .action(
      wrap(async (plan: string | undefined, o: Common & { list?: boolean; as?: string }) => {
        const { approveCommand } = await import('./commands/approve.js');
        return approveCommand(setOut(o), plan, o);
      }),
    );
  common(program.command('demo'))
    .description('sandboxes + synthetic organisation + sample evidence + plan + apply + dashboard')
    .option('-o, --out <dir>', 'folder for the config, evidence, state and dashboard', 'fluencyflow-demo')
    .option('--employees <n>', 'employees in the BambooHR sandbox (the others get 30% each)', '2000')
    .option('--seed <n>', 'seed', '42')
    .option('--only <types>', 'comma-separated HRIS types')
    .option('--as-of <date>', 'the demo as of this date (default today)')
    .option('--serve', 'keep the sandboxes running after the demo')
    .action(
      wrap(async (o: Common & { out?: string; employees?: string; seed?: string; only?: string; serve?: boolean }) => {
        const { demoCommand } = await import('./commands/demo.js');
        return demoCommand(setOut(o), o);
      }),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; usage mistakes were already printed by commander.
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 1;
    }
    const usage = e instanceof Error && /^--/.test(e.message) ? new UsageError(e.message) : e;
    out.error(e instanceof FluencyError ? e : usage);
    return 1;
  }
};
