import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { isoOfEpochDay, epochDay } from '../src/evidence/dates.js';

/**
 * A large synthetic `usage.ndjson`: `employees` x `days` daily totals, day by day (the order a daily export
 * concatenated over a month has, and the hardest one to summarise: every employee is open until the end).
 * Deterministic for a seed. Streamed to the file with backpressure; nothing is held.
 */
export interface GenerateUsageOptions {
  path: string;
  employees: number;
  days: number;
  /** The last day, `yyyy-mm-dd`. */
  endDate: string;
  seed?: number;
}

/** The identity fields of synthetic employee `i` (the bench builds the same people to match against). */
export const benchEmployee = (i: number) => ({
  connector: 'bench',
  id: String(1_000_000 + i),
  employeeNumber: null,
  email: `user${i}@example.com`,
});

/** How line `i` names its employee: mostly the work e-mail, some by HRIS id, some with case and a `+tag`. */
const subjectOf = (i: number): string => {
  if (i % 10 === 3) return String(1_000_000 + i);
  if (i % 20 === 7) return `User${i}+ai@Example.com`;
  return `user${i}@example.com`;
};

const TOOLS = ['copilot', 'chatgpt', 'gemini', 'claude'];

const mulberry32 = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export const generateUsage = async (opts: GenerateUsageOptions): Promise<{ lines: number; bytes: number }> => {
  const random = mulberry32(opts.seed ?? 7);
  const out = createWriteStream(opts.path, { highWaterMark: 4 << 20 });
  const last = epochDay(opts.endDate);
  let lines = 0;
  let bytes = 0;
  let buf = '';
  for (let d = opts.days - 1; d >= 0; d--) {
    const date = isoOfEpochDay(last - d);
    for (let i = 0; i < opts.employees; i++) {
      const r = random();
      const events = r < 0.05 ? 0 : 1 + Math.floor(r * 40);
      const minutes = Math.floor(random() * 60);
      const tool = TOOLS[i % TOOLS.length] ?? 'copilot';
      buf +=
        `{"employee":"${subjectOf(i)}","date":"${date}","tool":"${tool}",` +
        `"events":${events},"minutesSaved":${minutes}}\n`;
      lines++;
      if (buf.length >= 1 << 20) {
        bytes += buf.length;
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
  }
  bytes += buf.length;
  out.end(buf);
  await once(out, 'finish');
  return { lines, bytes };
};

// `tsx bench/generate-usage.ts <file> <employees> <days> [endDate]`
if (process.argv[1]?.endsWith('generate-usage.ts') && process.argv[2] !== undefined) {
  const [, , path = '', employees = '1000', days = '28', endDate = '2027-03-28'] = process.argv;
  const r = await generateUsage({ path, employees: Number(employees), days: Number(days), endDate });
  process.stdout.write(`${JSON.stringify({ path, ...r })}\n`);
}
