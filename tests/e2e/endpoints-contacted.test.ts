import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectors } from '../../connectors/index.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { CLI_TEST_TIMEOUT, repoRoot, runCli, workspaceFor } from '../helpers/cli.js';
import { TITLE } from '../helpers/fault-matrix.js';

/**
 * Nothing but the configured endpoints is ever contacted (issue 12, secrets): every outbound connection attempt of
 * a full run through the real CLI (plan, apply, import with verification, report) is counted by a preload that
 * wraps net.Socket.prototype.connect, and each must be the sandbox's host and port.
 */
const cycleEnd = '2027-12-31';
const org = generateSyntheticOrg({ asOf: '2027-06-30', employees: 30, seed: 4, standardGoalTitle: TITLE, cycleEnd });
const preload = join(repoRoot, 'tests', 'helpers', 'count-connections.mjs');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A VC-JWT whose keys live only at a did:web host and a status list on the web: verifying it must not fetch them. */
const remoteBadge = (email: string) =>
  [
    b64({ alg: 'EdDSA', typ: 'JWT', kid: 'did:web:issuer.invalid#key-1' }),
    b64({
      iss: 'did:web:issuer.invalid',
      sub: `mailto:${email}`,
      nbf: 1_700_000_000,
      vc: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: 'did:web:issuer.invalid',
        credentialSubject: {
          id: `mailto:${email}`,
          achievement: { id: 'https://issuer.invalid/achievements/ai', name: 'AI' },
        },
        credentialStatus: {
          type: 'BitstringStatusListEntry',
          statusListCredential: 'https://issuer.invalid/status/1',
          statusListIndex: '7',
        },
      },
    }),
    'c2lnbmF0dXJl',
  ].join('.');

describe.each(Object.keys(connectors))('%s: a full run contacts only the configured endpoint', (type) => {
  const title = 'plan, apply, import, report: every connection attempt goes to the sandbox host:port';
  it(title, { timeout: CLI_TEST_TIMEOUT }, async () => {
    const def = connectors[type];
    if (!def) throw new Error(type);
    const sandbox = await def.sandbox.start({ org, port: 0 });
    try {
      const ws = workspaceFor(sandbox, org);
      const log = join(ws.dir, 'connections.log');
      const badges = join(ws.dir, 'badges.jwt');
      writeFileSync(badges, `${remoteBadge(org.employees[0]?.email ?? 'a@example.com')}\n`);
      const env = { ...sandbox.env, FF_TEST_CONNECTIONS: log, NODE_OPTIONS: `--import=${preload}` };
      const steps = [
        ['plan', '--config', ws.config],
        ['apply', '--yes', '--config', ws.config],
        ['import', 'certifications', join(ws.dir, 'data', 'certifications.csv'), '--config', ws.config],
        ['import', 'badges', badges, '--config', ws.config],
        ['report', '--config', ws.config, '--out', join(ws.dir, 'report')],
      ];
      for (const args of steps) {
        const run = await runCli(args, { cwd: ws.dir, env });
        // `plan` exits 2 when changes are pending.
        expect([0, args[0] === 'plan' ? 2 : 0], `${args[0] ?? ''}: ${run.stderr}`).toContain(run.code);
      }
      const endpoint = new URL(sandbox.baseUrl);
      const attempts = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
      // A connector that reaches its HRIS through a folder (csv-drop) opens no connection at all.
      if (endpoint.protocol === 'file:') {
        expect(attempts).toEqual([]);
        return;
      }
      // The count is real: the run did reach the HRIS.
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.filter((a) => a !== `${endpoint.hostname}:${endpoint.port}`)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
