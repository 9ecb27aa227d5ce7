import { afterEach, describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, SandboxSnapshot } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import type { SyntheticOrg } from '../../schemas/index.js';
import { CLI_TEST_TIMEOUT, runCli, workspaceFor } from '../helpers/cli.js';

const EN_TITLE = 'AI fluency development goal FY2027';
const JA_TITLE = 'AI活用力の育成目標（FY2027）';
const LADDER_IDS = ['foundational', 'practitioner', 'expert'];
const CREDENTIAL_IDS = [
  'internal:ai-foundations',
  'aws:ai-practitioner',
  'google:ai-essentials',
  'internal:ai-expert-review',
];
/** Japanese level names, as an organisation running ja/en would give them in the config. */
const JA_LEVELS = {
  foundational: { name: '基礎' },
  practitioner: { name: '実践者' },
  expert: { name: 'エキスパート' },
};

/**
 * The organisation with three chosen people: one whose HRIS language is Japanese, one English, and one holding a
 * goal written by the version before goal texts per locale (old title-less marker form, another title).
 */
const orgWithLanguages = (): { org: SyntheticOrg; ja: string; en: string; upgraded: string } => {
  const org = generateSyntheticOrg({
    asOf: '2027-06-30',
    employees: 60,
    seed: 21,
    standardGoalTitle: EN_TITLE,
    cycleEnd: '2027-12-31',
  });
  const judged = org.employees.filter(
    (e) => e.status === 'active' && e.grade !== null && org.grades.includes(e.grade) && e.seededGoals.length < 50,
  );
  const [ja, en, upgraded] = judged;
  if (!ja || !en || !upgraded) throw new Error('the synthetic org has three judged employees');
  ja.locale = 'ja_JP';
  en.locale = 'en_US';
  upgraded.seededGoals = [
    ...upgraded.seededGoals.filter((g) => g.title !== EN_TITLE),
    {
      title: 'AI goal (renamed by HR)',
      description: `Reach the Practitioner level of AI fluency by 2027-12-31.\n[fluencyflow:FY2027:${upgraded.id}]`,
      dueDate: '2027-12-31',
      percentComplete: 10,
      closed: false,
    },
  ];
  return { org, ja: ja.id, en: en.id, upgraded: upgraded.id };
};

/**
 * The goals fluencyflow owns for one employee: by its reference (field or line), title in any locale, or old marker.
 */
const ours = (s: SandboxSnapshot, id: string) =>
  (s.goals[id] ?? []).filter(
    (g) =>
      g.id === `FLUENCY-FY2027-${id}` ||
      g.title === EN_TITLE ||
      g.title === JA_TITLE ||
      g.description.includes(`FLUENCY-FY2027-${id}`) ||
      g.description.includes('[fluencyflow:'),
  );

interface PlannedGoal {
  kind: string;
  employeeId: string;
  after: { title: string; description: string; locale?: string };
}
const isPlannedGoal = (c: unknown): c is PlannedGoal =>
  typeof c === 'object' && c !== null && 'kind' in c && c.kind === 'goal' && 'after' in c && 'employeeId' in c;

describe.each(Object.keys(connectors))(
  "%s: goal text in the employee's language, through the CLI",
  { timeout: CLI_TEST_TIMEOUT },
  (type) => {
    const def = connectors[type];
    const running: RunningSandbox[] = [];
    afterEach(async () => {
      while (running.length) await running.pop()?.close();
    });

    it('a Japanese employee gets Japanese, an English one English, in one run; no id in any text; an old goal is adopted; re-running plans nothing', async () => {
      if (!def) throw new Error(type);
      const { org, ja, en, upgraded } = orgWithLanguages();
      const sandbox = await def.sandbox.start({ org, port: 0 });
      running.push(sandbox);
      const ws = workspaceFor(sandbox, org, {
        goal: { text: { default: 'en', templates: { ja: { levels: JA_LEVELS } } } },
      });
      const env = sandbox.env;
      const before = sandbox.snapshot();

      const plan = await runCli(['plan', '--config', ws.config, '--json'], { cwd: ws.dir, env });
      expect(plan.code, plan.stderr).toBe(2);
      const planned: unknown = JSON.parse(plan.stdout);
      const changes =
        typeof planned === 'object' && planned !== null && 'changes' in planned && Array.isArray(planned.changes)
          ? planned.changes
          : [];
      const goals = changes.filter(isPlannedGoal);
      expect(goals.length).toBeGreaterThan(3);
      expect(goals.find((g) => g.employeeId === ja)?.after).toMatchObject({ title: JA_TITLE, locale: 'ja' });
      expect(goals.find((g) => g.employeeId === en)?.after).toMatchObject({ title: EN_TITLE, locale: 'en' });

      const apply = await runCli(['apply', '--yes', '--config', ws.config], { cwd: ws.dir, env });
      expect(apply.code, apply.stderr).toBe(0);
      const snap = sandbox.snapshot();

      const [jaGoal, ...jaMore] = ours(snap, ja);
      expect(jaMore).toEqual([]);
      expect(jaGoal?.title).toBe(JA_TITLE);
      expect(jaGoal?.description).toMatch(/までに、AI活用力のレベル「(基礎|実践者|エキスパート)」に到達する。/);
      expect(jaGoal?.description).toContain('2027年12月31日');
      const [enGoal, ...enMore] = ours(snap, en);
      expect(enMore).toEqual([]);
      expect(enGoal?.title).toBe(EN_TITLE);
      expect(enGoal?.description).toMatch(
        /^Reach the (Foundational|Practitioner|Expert) level of AI fluency by December 31, 2027\./,
      );

      // The reference: Workday keeps it in Goal_Reference_ID (the snapshot's id), the CSV drop in its goal_ref
      // column; the others end the text with one line.
      for (const [id, goal] of [
        [ja, jaGoal],
        [en, enGoal],
      ] as const) {
        if (type === 'workday' || type === 'csv-drop') {
          if (type === 'workday') expect(goal?.id).toBe(`FLUENCY-FY2027-${id}`);
          expect(goal?.description).not.toContain('FLUENCY-');
        } else expect(goal?.description.split('\n').pop()).toBe(`Ref: FLUENCY-FY2027-${id}`);
      }

      // The goal the previous version wrote (old marker, another title) is adopted and rewritten, not duplicated.
      const old = before.goals[upgraded]?.find((g) => g.title === 'AI goal (renamed by HR)');
      const adopted = ours(snap, upgraded);
      expect(adopted).toHaveLength(1);
      if (type !== 'workday') expect(adopted[0]?.id).toBe(old?.id);
      expect(adopted[0]?.title).toBe(EN_TITLE);
      expect(snap.goals[upgraded]).toHaveLength(before.goals[upgraded]?.length ?? -1);

      // No fluency goal, in any language, shows an internal id or the old marker.
      const texts = Object.keys(snap.goals)
        .flatMap((id) => ours(snap, id))
        .map((g) => `${g.title}\n${g.description}`);
      expect(texts.length).toBeGreaterThan(3);
      for (const text of texts) {
        for (const credential of CREDENTIAL_IDS) expect(text).not.toContain(credential);
        for (const level of LADDER_IDS) expect(text).not.toMatch(new RegExp(`\\b${level}\\b`));
        expect(text).not.toContain('[fluencyflow:');
      }

      const again = await runCli(['plan', '--config', ws.config, '--json'], { cwd: ws.dir, env });
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ changes: [], summary: { create: 0, update: 0 } });
    });
  },
);
