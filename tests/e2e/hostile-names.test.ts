import { afterEach, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, runCli, workspaceFor } from '../helpers/cli.js';

/** What a terminal acts on: C0 controls but tab and newline, DEL, C1 controls (ESC starts every sequence). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Names an HRIS may hand back: clear the screen, set the title, a hyperlink, 8-bit CSI, a bell, a backspace. */
const HOSTILE = [
  { first: 'Eve\u001b[2J\u001b[H', last: 'Clear\u0007' },
  { first: 'Mal\u001b]0;pwned\u0007', last: '\u001b]8;;http://evil.example\u0007Link\u001b]8;;\u0007' },
  { first: 'Oscar\u009b31m', last: 'O\u0008Brien\u001b[0m' },
];

describe('terminal control characters in HRIS names never reach the terminal', () => {
  const running: RunningSandbox[] = [];
  afterEach(async () => {
    while (running.length) await running.pop()?.close();
  });

  it(
    'check, plan, show, explain, status and an error print the names without control sequences',
    async () => {
      const org = generateSyntheticOrg({
        asOf: '2027-06-30',
        employees: 30,
        seed: 7,
        standardGoalTitle: 'AI fluency development goal FY2027',
        cycleEnd: '2027-12-31',
      });
      const victims = org.employees.filter((e) => e.status === 'active').slice(0, HOSTILE.length);
      victims.forEach((e, i) => {
        const h = HOSTILE[i] ?? { first: '', last: '' };
        e.firstName = h.first;
        e.lastName = h.last;
      });
      const def = connectors.bamboohr;
      if (!def) throw new Error('bamboohr');
      const sandbox = await def.sandbox.start({ org, port: 0 });
      running.push(sandbox);
      const ws = workspaceFor(sandbox, org);
      const cli = (args: string[]) => runCli([...args, '--config', ws.config], { cwd: ws.dir, env: sandbox.env });

      const runs = {
        check: await cli(['check']),
        plan: await cli(['plan', '--out', 'plan.json', '--verbose']),
        show: await runCli(['show', 'plan.json'], { cwd: ws.dir, env: sandbox.env }),
        explain: await cli(['explain', victims[0]?.id ?? '']),
        explainLink: await cli(['explain', victims[1]?.id ?? '']),
        status: await cli(['status']),
        error: await cli(['explain', 'Eve\u001b[2J nobody']),
      };
      expect(runs.plan.code, runs.plan.stderr).toBe(2);
      expect(runs.explain.code, runs.explain.stderr).toBe(0);
      expect(runs.error.code).toBe(1);
      for (const [name, r] of Object.entries(runs)) {
        expect(CONTROL.test(r.stdout), `${name} stdout`).toBe(false);
        expect(CONTROL.test(r.stderr), `${name} stderr`).toBe(false);
      }
      // The names are still shown, with their printable characters.
      expect(runs.explain.stdout).toContain('Eve Clear');
      expect(runs.explainLink.stdout).toContain('Mal Link');
      expect(runs.show.stdout).toMatch(/Eve Clear|Mal Link|Oscar/);
      expect(runs.error.stderr).toContain('Eve nobody');
    },
    CLI_TEST_TIMEOUT,
  );
});
