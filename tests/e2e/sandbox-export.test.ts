import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportLine } from '../../src/cli/shell-quote.js';
import { bin, CLI_TEST_TIMEOUT } from '../helpers/cli.js';

/** What `sh` holds in $NAME after running `script`. */
const shellValue = (script: string, name: string): string => {
  const r = spawnSync('sh', ['-c', `${script}\nprintf '%s' "$${name}"`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

/** Starts `fluencyflow sandbox <type>`, returns its printout up to "Press Ctrl-C", then stops it with SIGINT. */
const sandboxPrintout = (type: string): Promise<string> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'sandbox', type, '--employees', '20'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('Press Ctrl-C')) child.kill('SIGINT');
    });
    child.on('error', fail);
    child.on('close', () => done(text));
  });

describe('the export lines a sandbox prints', { timeout: CLI_TEST_TIMEOUT }, () => {
  it.each([
    ['a plain token', 'SBX0123'],
    ['a multi-line PEM key', '-----BEGIN PRIVATE KEY-----\nMIIEvQ\nAbC+/=\n-----END PRIVATE KEY-----\n'],
    ['quotes, $ and backslashes', `it's "$HOME" \\n \`id\``],
  ])('give the exact value back when pasted into sh: %s', (_name, value) => {
    expect(shellValue(exportLine('FF_TEST_VALUE', value), 'FF_TEST_VALUE')).toBe(value);
  });

  it('SuccessFactors: the pasted private key is a PEM key the connector can load', async () => {
    const printout = await sandboxPrintout('successfactors');
    const exports = printout.slice(printout.indexOf('export '), printout.indexOf('Press Ctrl-C'));
    expect(exports).toContain('export FLUENCYFLOW_SANDBOX_SF_KEY=');
    // Paste the lines as printed, then load the key the way Node's crypto (and the SAML signer) does.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `${exports}\n` +
          `"${process.execPath}" -e ` +
          `"require('node:crypto').createPrivateKey(process.env.FLUENCYFLOW_SANDBOX_SF_KEY)"`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
