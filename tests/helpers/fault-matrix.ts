/**
 * The fault matrix (issue 12): each fault of the catalogue, switched on in a sandbox, during one `apply`; then a
 * clean `apply`; then the zero checks against an uninterrupted run. Shared by `tests/contract/fault-matrix.test.ts`
 * (a representative subset) and `npm run soak` (every cell, several runs each).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectors } from '../../connectors/index.js';
import type { RunningSandbox, SandboxFault, SandboxQuirks, SandboxSnapshot } from '../../src/connector.js';
import { generateSyntheticOrg } from '../../src/demo/synthetic-org.js';
import type { HttpSettings } from '../../src/http/settings.js';
import { StateStore } from '../../src/state/state-store.js';
import type { StoreTarget } from '../../src/state/store.js';
import type { SyntheticOrg } from '../../schemas/index.js';
import { normalised } from './cli.js';
import { engineFor } from './engine.js';

export const TITLE = 'AI fluency development goal FY2027';

export const matrixOrg = (employees = 40, seed = 5): SyntheticOrg =>
  generateSyntheticOrg({ asOf: '2027-06-30', employees, seed, standardGoalTitle: TITLE, cycleEnd: '2027-12-31' });

/**
 * A wall-clock limit far above what a loopback answer needs on a loaded machine, for the faults that withhold
 * answers (`timeout`, `frozen`); the breaker stops a frozen HRIS after three of them.
 */
const WITHHELD = { timeoutMs: 4000, breakerThreshold: 3 } satisfies Partial<HttpSettings>;

/**
 * Real waits, for the token bucket: it refills on the sandbox's real clock, so a Retry-After slept as a no-op (the
 * default in tests) resends at once into an empty bucket, and the attempts run out as they would against a real HRIS
 * if we did not wait. The rate bench waits for real too.
 */
const REAL_WAITS = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
} satisfies Partial<HttpSettings>;

export interface FaultCase {
  name: string;
  /** The sandbox switches per connector type; null where the protocol has no such thing. */
  quirks(type: string): Partial<SandboxQuirks> | null;
  http?: Partial<HttpSettings>;
  /** Workday: authenticate with OAuth (a token can then expire). */
  oauth?: boolean;
}

const everywhere = (q: Partial<SandboxQuirks>) => (): Partial<SandboxQuirks> => q;

const fault = (f: SandboxFault): ((type: string) => Partial<SandboxQuirks>) => everywhere({ faults: [f] });
const DATE = { retryAfterForm: 'http-date' } as const;

export const FAULTS: readonly FaultCase[] = [
  { name: '429 Retry-After seconds', quirks: fault({ kind: 'status-429', every: 6, retryAfterSeconds: 1 }) },
  { name: '429 Retry-After HTTP-date', quirks: fault({ kind: 'status-429', every: 6, retryAfterSeconds: 1, ...DATE }) },
  { name: '503 Retry-After seconds', quirks: fault({ kind: 'status-503', every: 5, retryAfterSeconds: 1 }) },
  { name: '503 Retry-After HTTP-date', quirks: fault({ kind: 'status-503', every: 5, retryAfterSeconds: 1, ...DATE }) },
  { name: '500 server error', quirks: fault({ kind: 'status-500', every: 6 }) },
  {
    name: 'timeout after the body',
    quirks: fault({ kind: 'timeout', on: 'write', after: 3, every: 9, times: 2 }),
    http: WITHHELD,
  },
  { name: 'reset before processing', quirks: fault({ kind: 'reset-before', every: 7 }) },
  { name: 'reset after processing', quirks: fault({ kind: 'reset-after', on: 'write', every: 7 }) },
  { name: 'slow server', quirks: fault({ kind: 'slow', every: 3, delayMs: 150 }) },
  { name: 'frozen server', quirks: fault({ kind: 'frozen', on: 'write', after: 12 }), http: WITHHELD },
  {
    name: 'expired token mid-run',
    quirks: (type) =>
      type === 'bamboohr' ? null : { faults: [{ kind: 'token-expired', after: 15, every: 11, times: 3 }] },
    oauth: true,
  },
  {
    name: 'some records of a batch fail',
    quirks: (type) => (type === 'successfactors' ? { failRecordsEvery: 3 } : { failWritesEvery: 4 }),
  },
  {
    name: 'repeated rows across pages',
    quirks: (type) =>
      type === 'successfactors'
        ? { duplicateRowsAcrossPages: true, maxPageSize: 7 }
        : type === 'workday'
          ? { pageCap: 7, repeatRowsAcrossPages: true }
          : { repeatReportRows: true },
  },
  { name: 'malformed answer', quirks: fault({ kind: 'malformed', every: 8 }) },
  { name: 'truncated answer', quirks: fault({ kind: 'truncated', every: 8 }) },
  { name: 'drifted shape (added fields)', quirks: fault({ kind: 'drift' }) },
  {
    name: 'rate limit (token bucket, throttled past it)',
    quirks: fault({ kind: 'rate-limit', perSecond: 20 }),
    http: REAL_WAITS,
  },
];

/** Switches that undo every fault and quirk the catalogue sets. */
const CLEAN: Partial<SandboxQuirks> = {
  faults: [],
  failWritesEvery: 0,
  failRecordsEvery: 0,
  duplicateRowsAcrossPages: false,
  repeatRowsAcrossPages: false,
  repeatReportRows: false,
};

export interface CellResult {
  lost: number;
  duplicates: number;
  unaudited: number;
  /** `audit verify` found a broken record, or intents stayed open after the clean run. */
  auditProblem: string | null;
  /** How the faulty run ended: applied / not applied counts, or the error that stopped it. */
  firstRun: string;
}

type Normal = ReturnType<typeof normalised>;
const key = (v: unknown) => JSON.stringify(v);

/** Goals and notes of `want` missing from `have` (multiset difference, per employee). */
const listMissing = (want: Normal, have: Normal): number => {
  let n = 0;
  const lists = (s: Normal, id: string) => [...(s.goals[id] ?? []).map(key), ...(s.exceptionNotes[id] ?? []).map(key)];
  const ids = new Set([...Object.keys(want.goals), ...Object.keys(want.exceptionNotes)]);
  for (const id of ids) {
    const left = lists(have, id);
    for (const item of lists(want, id)) {
      const at = left.indexOf(item);
      if (at < 0) n++;
      else left.splice(at, 1);
    }
  }
  return n;
};

/** Writes of the reference run the HRIS does not hold: goals, notes and flags missing or different. */
const lostWrites = (want: Normal, have: Normal): number =>
  listMissing(want, have) +
  Object.entries(want.eligibility).filter(([id, e]) => key(have.eligibility[id]) !== key(e)).length;

/** Writes the HRIS holds twice: more than one standard goal or one note per promotion date for an employee. */
const duplicatesIn = (s: Normal): number => {
  let n = 0;
  for (const goals of Object.values(s.goals)) n += Math.max(0, goals.filter((g) => g.title === TITLE).length - 1);
  for (const notes of Object.values(s.exceptionNotes))
    n += notes.length - new Set(notes.map((x) => x.promotionDate)).size;
  return n;
};

/** Each (employee, kind) the HRIS holds differently from `before`. */
const changedObjects = (before: SandboxSnapshot, after: SandboxSnapshot): string[] => {
  const b = normalised(before);
  const a = normalised(after);
  const out: string[] = [];
  const ids = new Set([...Object.keys(a.goals), ...Object.keys(a.eligibility), ...Object.keys(a.exceptionNotes)]);
  for (const id of ids) {
    if (key(a.goals[id] ?? []) !== key(b.goals[id] ?? [])) out.push(`${id}|goal`);
    if (key(a.eligibility[id] ?? null) !== key(b.eligibility[id] ?? null)) out.push(`${id}|eligibility`);
    if (key(a.exceptionNotes[id] ?? []) !== key(b.exceptionNotes[id] ?? [])) out.push(`${id}|exception-note`);
  }
  return out;
};

/**
 * The audit's side of the checks: every object the HRIS holds differently from its seed has an intent with an outcome
 * for that employee and kind (after reconciliation); the chain verifies; no intent is left open.
 */
const auditCheck = (statePath: StoreTarget, before: SandboxSnapshot, after: SandboxSnapshot) => {
  const store = new StateStore(statePath);
  try {
    const rows = [...store.auditRows()];
    const outcomes = rows.filter((r) => r.phase === 'outcome' && r.intent_seq !== null);
    const answered = new Set(outcomes.map((r) => Number(r.intent_seq)));
    const intents = rows.filter((r) => r.phase === 'intent' && answered.has(Number(r.seq)));
    const audited = new Set(intents.map((r) => `${String(r.employee_id)}|${String(r.kind)}`));
    const unaudited = changedObjects(before, after).filter((o) => !audited.has(o)).length;
    const v = store.verifyAudit();
    const problem = v.problem?.message ?? (v.openIntents > 0 ? `${v.openIntents} intents without an outcome` : null);
    return { unaudited, auditProblem: problem };
  } finally {
    store.close();
  }
};

export const compare = (reference: Normal, seed: SandboxSnapshot, final: SandboxSnapshot, statePath: StoreTarget) => {
  const now = normalised(final);
  return {
    lost: lostWrites(reference, now),
    // A standard goal or a note held twice, or any goal or note the uninterrupted run did not leave.
    duplicates: Math.max(duplicatesIn(now), listMissing(now, reference)),
    ...auditCheck(statePath, seed, final),
  };
};

const connectorOver = (sandbox: RunningSandbox, oauth: boolean): Record<string, unknown> => {
  if (!oauth || sandbox.type !== 'workday') return {};
  if (!('oauthConfig' in sandbox) || typeof sandbox.oauthConfig !== 'function') return {};
  const config: unknown = sandbox.oauthConfig('c1');
  return typeof config === 'object' && config !== null && 'auth' in config ? { auth: config.auth } : {};
};

/** The HRIS state one uninterrupted engine `apply` leaves on a fresh sandbox. */
export const referenceState = async (type: string, org: SyntheticOrg): Promise<Normal> => {
  const def = connectors[type];
  if (!def) throw new Error(`no connector ${type}`);
  const sandbox = await def.sandbox.start({ org, port: 0 });
  try {
    const engine = engineFor(sandbox, org);
    try {
      const { result } = await engine.apply();
      const failed = result.failures.length;
      if (failed > 0) throw new Error(`the uninterrupted ${type} run failed ${failed} changes`);
    } finally {
      await engine.close();
    }
    return normalised(sandbox.snapshot());
  } finally {
    await sandbox.close();
  }
};

/** One cell: a faulty apply, a clean apply, the checks. Null when the fault does not exist for the connector. */
export const runCell = async (
  fault: FaultCase,
  type: string,
  org: SyntheticOrg,
  reference: Normal,
  run = 1,
): Promise<CellResult | null> => {
  const def = connectors[type];
  if (!def) throw new Error(`no connector ${type}`);
  const base = fault.quirks(type);
  if (base === null) return null;
  // Each run of a cell meets its faults at other requests.
  const quirks = base.faults === undefined ? base : { ...base, faults: base.faults.map((f) => ({ ...f, seed: run })) };
  const sandbox = await def.sandbox.start({ org, port: 0 });
  try {
    const seed = sandbox.snapshot();
    const state = join(mkdtempSync(join(tmpdir(), 'ff-faults-')), 'state.db');
    const connector = connectorOver(sandbox, fault.oauth === true);
    sandbox.setQuirks(quirks);
    let firstRun: string;
    const faulty = engineFor(sandbox, org, { state, connector, http: fault.http ?? {} });
    try {
      const { result } = await faulty.apply({ deadlineMs: 300_000 });
      firstRun = `${result.applied} applied, ${result.failures.length} not`;
    } catch (e) {
      firstRun = `stopped: ${e instanceof Error ? e.message.slice(0, 120) : String(e)}`;
    } finally {
      await faulty.close();
    }
    sandbox.setQuirks(CLEAN);
    const clean = engineFor(sandbox, org, { state, connector });
    try {
      const { result } = await clean.apply();
      if (result.failures.length > 0) firstRun += `; clean run left ${result.failures.length} not applied`;
    } finally {
      await clean.close();
    }
    return { ...compare(reference, seed, sandbox.snapshot(), state), firstRun };
  } finally {
    await sandbox.close();
  }
};
