import type { AuditRecord, Change } from '../../../schemas/index.js';
import type { ProcessIdentity } from '../../../src/state/process-identity.js';

/** The clock the state tests freeze. */
export const NOW = '2027-01-01T00:00:00Z';

/** An applied eligibility update for employee `key`, with whatever `over` changes. */
export const auditRecord = (key: string, over: Partial<AuditRecord> = {}): AuditRecord => ({
  at: NOW,
  runId: 'r1',
  actor: 'admin',
  connector: 'c',
  employeeId: key,
  changeKey: key,
  kind: 'eligibility',
  action: 'update',
  before: null,
  after: { value: 'eligible', reason: 'x' },
  outcome: 'applied',
  errorCode: null,
  errorMessage: null,
  requestId: null,
  ...over,
});

/** An eligibility change as a fresh plan has it, for reconciling open intents against. */
export const eligibilityChange = (key: string, action: Change['action'], reason: string): Change => ({
  key,
  connector: 'c',
  employeeId: key,
  kind: 'eligibility',
  action,
  reason: '',
  before: null,
  after: { value: 'eligible', reason },
});

/** The processes a test pretends are alive, and the lock clock (ms). */
export interface World {
  alive: Set<number>;
  clock: number;
}

/** A process of `world`: its pid, its host, and the world's view of liveness and time. */
export const identity = (world: World, pid: number, host = 'h1'): ProcessIdentity => ({
  pid,
  host,
  isAlive: (p) => world.alive.has(p),
  clock: () => world.clock,
});

/** One employee's level snapshot for a quarter: below the expected level, without a goal. */
export const levelSnapshot = {
  quarter: '2027-Q1',
  connector: 'c',
  employeeId: '1',
  department: 'D',
  jobFamily: null,
  grade: 'G1',
  levelHeld: null,
  levelExpected: 'foundational',
  status: 'below' as const,
  hasGoal: false,
  synthetic: false,
};
