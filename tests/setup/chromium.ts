/**
 * Where the dashboard's browser test finds Chrome or Chromium (playwright-core drives it; it downloads no browser):
 * `CHROMIUM_PATH`, then the usual names on PATH, then the places Debian, Ubuntu and macOS install it.
 */
import { delimiter, join } from 'node:path';
import { executable } from '../helpers/executable.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The browser to launch, or null. An explicit CHROMIUM_PATH is used as given (the test says if it is wrong). */
export const findChromium = (env: NodeJS.ProcessEnv = process.env): string | null => {
  const explicit = env['CHROMIUM_PATH'];
  if (explicit) return explicit;
  const onPath = (env['PATH'] ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => NAMES.map((n) => join(dir, n)));
  return [...onPath, ...PLACES].find(executable) ?? null;
};
