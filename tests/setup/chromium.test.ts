import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium.js';

describe('finding the browser for the dashboard test', () => {
  it('takes CHROMIUM_PATH as given, then the first executable chromium or chrome on PATH', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/somewhere/chrome', PATH: '' })).toBe('/opt/somewhere/chrome');
    const empty = mkdtempSync(join(tmpdir(), 'ff-path-'));
    const bin = mkdtempSync(join(tmpdir(), 'ff-path-'));
    writeFileSync(join(bin, 'google-chrome'), '#!/bin/sh\n');
    writeFileSync(join(bin, 'chromium'), 'not executable');
    chmodSync(join(bin, 'google-chrome'), 0o755);
    expect(findChromium({ PATH: [empty, bin].join(delimiter) })).toBe(join(bin, 'google-chrome'));
    chmodSync(join(bin, 'chromium'), 0o755);
    expect(findChromium({ PATH: [empty, bin].join(delimiter) })).toBe(join(bin, 'chromium'));
  });
});
