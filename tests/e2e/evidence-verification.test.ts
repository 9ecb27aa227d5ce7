import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspaceFor } from '../helpers/cli.js';
import { suiteSandbox } from '../helpers/suite-sandbox.js';
import { pattern } from '../helpers/pattern.js';
import { writeSignedCorpus } from '../unit/evidence/signed-corpus.js';

const { org, sandbox } = suiteSandbox('bamboohr', { employees: 40, seed: 5, asOf: '2027-03-01' });

const NAMES = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jon'] as const;

describe('signed badges through the CLI', () => {
  it('import verifies them; explain shows each outcome with file and line; evidence --json and status count them', async () => {
    const staff = org.employees.filter((e) => e.status === 'active' && e.email !== null).slice(0, NAMES.length);
    const emails = Object.fromEntries(NAMES.map((n, i) => [n, staff[i]?.email ?? '']));
    const base = workspaceFor(sandbox(), org);
    const corpus = await writeSignedCorpus(join(base.dir, 'export'), emails);
    const ws = workspaceFor(sandbox(), org, {
      credentials: { 'AWS Certified AI Practitioner': 'aws:ai-practitioner', ...corpus.credentials },
      evidence: {
        certifications: 'data/certifications.csv',
        usage: 'data/usage.ndjson',
        badges: join(base.dir, 'export'),
        trust: corpus.trust,
      },
    });
    const imported = await runCli(['import', 'badges', join(base.dir, 'export'), '--config', ws.config], {
      cwd: ws.dir,
      env: sandbox().env,
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/verified at import: .*forged 2.*; 0 documents fetched/);

    const explain = async (who: (typeof NAMES)[number]) => {
      const r = await runCli(['explain', emails[who] ?? '', '--config', ws.config], {
        cwd: ws.dir,
        env: sandbox().env,
      });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(await explain('bob')).toMatch(
      /aws:ai-practitioner: forged: signature: does not match the key of did:key:\S+\s+\[.*export\/academy\.jwt:2\]/,
    );
    expect(await explain('dan')).toMatch(
      pattern([
        /revoked: revoked from 2027-02-01: /,
        /.*bit 7 of https:\/\/academy\.example\/status\/1 is set\s+\[.*academy\.jwt:4\]/,
      ]),
    );
    const evidence = await runCli(['evidence', '--config', ws.config, '--json'], { cwd: ws.dir, env: sandbox().env });
    expect(evidence.code, evidence.stderr).toBe(0);
    const totals: Record<string, number> = {};
    const lines = evidence.stdout.trim().split('\n');
    // The same explanation for everyone: each outcome with its file and line.
    const rowOf = (who: (typeof NAMES)[number]) =>
      lines.find((l) => l.includes(`"email":"${emails[who] ?? ''}"`)) ?? '';
    expect(rowOf('ann')).toMatch(
      /"credential":"aws:ai-practitioner".*"source":"[^"]*export\/academy\.jwt:1","outcome":"verified"/,
    );
    expect(rowOf('cat')).toMatch(
      /"why":"issuer-not-trusted: issuer did:key:\S+ is not in evidence\.trust","source":"[^"]*export\/academy\.jwt:3"/,
    );
    expect(rowOf('eve')).toMatch(/"why":"expired: expired on 2027-02-15","source":"[^"]*academy\.jwt:5"/);
    expect(rowOf('fay')).toMatch(
      /"credential":"internal:ai-foundations".*"source":"[^"]*export\/fay\.jws:1","outcome":"verified"/,
    );
    expect(rowOf('gus')).toMatch(
      /"credential":"aws:ai-practitioner".*"source":"[^"]*export\/academy\.jwt:6","outcome":"verified"/,
    );
    expect(rowOf('jon')).toMatch(
      pattern([
        /"why":"forged: proof: the eddsa-rdfc-2022 signature does not match the key of the issuer",/,
        /"source":"[^"]*export\/jon\.json:1"/,
      ]),
    );
    expect(rowOf('hal')).toMatch(
      /"why":"unverifiable: signature: the credential is not signed","source":"[^"]*export\/hal\.json:1"/,
    );
    for (const line of lines) {
      const row: unknown = JSON.parse(line);
      const outcomes =
        typeof row === 'object' &&
        row !== null &&
        'outcomes' in row &&
        typeof row.outcomes === 'object' &&
        row.outcomes !== null
          ? row.outcomes
          : {};
      for (const [k, v] of Object.entries(outcomes)) totals[k] = (totals[k] ?? 0) + Number(v);
    }
    expect(totals).toMatchObject({
      verified: 4,
      forged: 2,
      'issuer-not-trusted': 1,
      revoked: 1,
      expired: 1,
      unverifiable: 1,
    });

    // Exit 2: changes are pending (nothing written); the run and its evidence counts are recorded.
    expect(
      (await runCli(['plan', '--config', ws.config, '--out', 'plan.json'], { cwd: ws.dir, env: sandbox().env })).code,
    ).toBe(2);
    const status = await runCli(['status', '--config', ws.config], { cwd: ws.dir, env: sandbox().env });
    expect(status.stdout).toMatch(/credentials: .*verified 4/);
    expect(status.stdout).toMatch(/forged 2/);
    expect(status.stdout).toMatch(/issuer-not-trusted 1/);
  }, 600_000);
});
