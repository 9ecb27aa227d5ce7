import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../../../src/cli/output.js';
import { UsageError } from '../../../src/errors.js';
import { registerSecret } from '../../../src/http/redact.js';
import { MESSAGE_LIMIT, safeMessage, stripControls } from '../../../src/state/safe-text.js';

const capture = () => {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return { stream: s, text: () => text };
};

describe('safe text', () => {
  it('strips terminal escapes and control characters, keeping tabs, newlines and non-ASCII', () => {
    const hostile = 'Zoë\u001b[2J\u001b]0;pwned\u0007 O\u0008Brien\u009b31m\tx\ny\u0000';
    expect(stripControls(hostile)).toBe('Zoë OBrien\tx\ny');
  });

  it('cuts a huge message to a short excerpt saying how much was cut, and masks known secrets', () => {
    registerSecret('sk-fake-0123456789');
    const huge = `bad header: sk-fake-0123456789 ${'h'.repeat(20_000_000)}`;
    const out = safeMessage(huge);
    expect(out.length).toBeLessThan(MESSAGE_LIMIT + 80);
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('sk-fake-0123456789');
    expect(out).toMatch(/… \(\d+ more characters cut\)$/);
    expect(safeMessage('short')).toBe('short');
  });

  it('the CLI output strips control sequences from human lines and errors; JSON keeps them escaped', () => {
    const stdout = capture();
    const stderr = capture();
    const out = createOutput({ json: false, verbose: false, stdout: stdout.stream, stderr: stderr.stream });
    out.line('name: \u001b[31mRed\u001b[0m');
    out.error(
      new UsageError(
        `unknown employee "\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007" ${'x'.repeat(100_000)}`,
      ),
    );
    expect(stdout.text()).toBe('name: Red\n');
    expect(stderr.text()).not.toContain('\u001b');
    expect(stderr.text()).toContain('unknown employee "click"');
    expect(stderr.text().length).toBeLessThan(1000);
    const json = capture();
    createOutput({ json: true, verbose: false, stdout: json.stream }).data({ name: '\u001b[31mRed' });
    expect(json.text()).toContain('\\u001b[31mRed');
  });
});
