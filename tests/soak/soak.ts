/**
 * `npm run soak` (issue 12): the whole fault matrix, several runs per cell, then SIGKILLs at random points of a real
 * CLI `apply` per connector, each followed by `apply`. Prints the fault table and the kills with their end-state
 * comparisons; exits 1 when any count is not zero. Not part of `npm test`.
 *
 *   npm run soak                       every cell 3 times, 50 kills per connector
 *   npm run soak -- --runs 1 --kills 5 a smaller soak (or SOAK_RUNS / SOAK_KILLS)
 *   npm run soak -- --only workday     one connector
 */
import { parseArgs } from 'node:util';
import { connectors } from '../../connectors/index.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import { FAULTS, matrixOrg, referenceState, runCell, TITLE } from '../helpers/fault-matrix.js';
import { cliReference, killOnce, seeded } from '../helpers/kill-run.js';
import { ensureBuilt } from '../setup/dist.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.SOAK_RUNS ?? '3' },
    kills: { type: 'string', default: process.env.SOAK_KILLS ?? '50' },
    only: { type: 'string' },
    seed: { type: 'string', default: process.env.SOAK_SEED ?? '1' },
  },
});
const count = (name: string, raw: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} ${raw}: expected a whole number`);
  return n;
};
const runs = count('runs', values.runs);
const kills = count('kills', values.kills);
const seed = count('seed', values.seed);
const types = Object.keys(connectors).filter((t) => values.only === undefined || t === values.only);
if (types.length === 0)
  throw new Error(`--only ${String(values.only)}: expected one of ${Object.keys(connectors).join(', ')}`);

const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
let failures = 0;
const row = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(' | ');

// The fault matrix, in process through the engine.
const org = matrixOrg(40);
const widths = [30, 15, 5, 12, 10, 16, 0];
console.log(`fault matrix: ${runs} run(s) per cell, ${org.employees.length} employees`);
const heading = ['fault', 'connector', 'runs', 'writes lost', 'duplicates', 'unaudited writes', 'first run (last)'];
console.log(row(heading, widths));
for (const type of types) {
  const reference = await referenceState(type, org);
  for (const fault of FAULTS) {
    const total = { runs: 0, lost: 0, duplicates: 0, unaudited: 0 };
    let last = 'n/a';
    for (let run = 1; run <= runs; run++) {
      const r = await runCell(fault, type, org, reference, seed * 1000 + run);
      if (r === null) break;
      total.runs++;
      total.lost += r.lost;
      total.duplicates += r.duplicates;
      total.unaudited += r.unaudited + (r.auditProblem === null ? 0 : 1);
      last = r.auditProblem === null ? r.firstRun : `${r.firstRun}; audit: ${r.auditProblem}`;
    }
    if (total.lost + total.duplicates + total.unaudited > 0) failures++;
    const counts = [total.runs, total.lost, total.duplicates, total.unaudited];
    const shown = total.runs === 0 ? ['n/a', '-', '-', '-'] : counts;
    console.log(row([fault.name, type, ...shown, last.slice(0, 70)], widths));
  }
}
console.log(`fault matrix done after ${elapsed()}`);

// SIGKILLs through the real CLI.
if (kills > 0) {
  console.log(await ensureBuilt());
  const cycleEnd = '2027-12-31';
  const asOf = '2027-06-30';
  const killOrg = generateSyntheticOrg({ asOf, employees: 60, seed: 9, standardGoalTitle: TITLE, cycleEnd });
  const random = seeded(seed);
  const kw = [15, 6, 14, 12, 10, 16, 22, 0];
  console.log(`\nSIGKILL during apply: ${kills} per connector, ${killOrg.employees.length} employees`);
  const heads = ['connector', 'kills', 'killed mid-run', 'writes lost', 'duplicates', 'unaudited writes'];
  console.log(row([...heads, 'end state = uninterrupted', 'kill points (writes)'], kw));
  for (const type of types) {
    const reference = await cliReference(type, killOrg);
    const total = { killed: 0, lost: 0, duplicates: 0, unaudited: 0, same: 0 };
    const points: number[] = [];
    for (let k = 0; k < kills; k++) {
      const r = await killOnce(type, killOrg, reference, random);
      points.push(r.writesBeforeKill);
      total.killed += r.killed ? 1 : 0;
      total.lost += r.lost;
      total.duplicates += r.duplicates;
      total.unaudited += r.unaudited + (r.auditProblem === null ? 0 : 1) + (r.resumedExit === 0 ? 0 : 1);
      total.same += r.same ? 1 : 0;
    }
    if (total.lost + total.duplicates + total.unaudited > 0 || total.same < kills) failures++;
    const spread = points.length === 0 ? '-' : `${Math.min(...points)}..${Math.max(...points)} of ${reference.writes}`;
    const counts = [total.killed, total.lost, total.duplicates, total.unaudited];
    console.log(row([type, kills, ...counts, `${total.same}/${kills}`, spread], kw));
  }
}
console.log(`\nsoak done after ${elapsed()}: ${failures === 0 ? 'all zero' : `${failures} rows not zero`}`);
process.exitCode = failures === 0 ? 0 : 1;
