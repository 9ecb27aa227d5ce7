/**
 * One error tree for the whole product. Every error has a stable `code` (documented in docs/errors.md), a hint
 * for the person at the terminal, and the original error as `cause`. Each connector's `to-error.ts` is the only
 * place its provider's errors become these classes, through the one status ladder `errorFromStatus` (src/http).
 * A batch that partly fails is not one error: each failed change is an outcome with its own error, and the run
 * ends with exit 3 (docs/operations.md).
 */
export type ErrorCode =
  | 'FF_CONFIG_INVALID'
  | 'FF_USAGE'
  | 'FF_AUTH_FAILED'
  | 'FF_FORBIDDEN'
  | 'FF_NOT_FOUND'
  | 'FF_REJECTED'
  | 'FF_RATE_LIMITED'
  | 'FF_PROVIDER_ERROR'
  | 'FF_NETWORK'
  | 'FF_UNEXPECTED_RESPONSE'
  | 'FF_PLAN_STALE'
  | 'FF_EVIDENCE_INVALID'
  | 'FF_STATE'
  | 'FF_SETUP_MISSING'
  | 'FF_TENANT_VALUE'
  | 'FF_PLAN_TAMPERED'
  | 'FF_LOCKED'
  | 'FF_AUDIT_BROKEN'
  | 'FF_HRIS_UNAVAILABLE'
  | 'FF_DEADLINE'
  | 'FF_CONFIG_LIMIT'
  | 'FF_STATE_CORRUPT'
  | 'FF_PORT_IN_USE'
  | 'FF_RUN_NOT_FOUND'
  | 'FF_RUN_NOT_REVERTIBLE'
  | 'FF_APPROVAL';

export interface ErrorDetails {
  /** The connector id from the config (`us`, `eu`). */
  connector?: string | undefined;
  /** HTTP status when there was one. */
  status?: number | undefined;
  /** The HRIS's request id, for its support desk. */
  requestId?: string | undefined;
  /** Where the problem is: a config path, a file and line, an HRIS field or xpath. */
  where?: string | undefined;
  /** How long the HRIS asked us to wait. */
  retryAfterMs?: number | undefined;
  hint?: string | undefined;
  cause?: unknown;
}

export class FluencyError extends Error {
  readonly connector: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly where: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly hint: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.connector = details.connector;
    this.status = details.status;
    this.requestId = details.requestId;
    this.where = details.where;
    this.retryAfterMs = details.retryAfterMs;
    this.hint = details.hint;
  }

  /** Never includes request bodies or headers: nothing here can hold a secret that was not already redacted. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      connector: this.connector,
      status: this.status,
      requestId: this.requestId,
      where: this.where,
      retryAfterMs: this.retryAfterMs,
      hint: this.hint,
    };
  }
}

/** Raised when the config file fails validation; `where` names the file and path. */
export class ConfigError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_CONFIG_INVALID', message, { hint: 'Fix the config and run `fluencyflow check`.', ...details });
  }
}
/** Raised when the command line is wrong (unknown employee, missing file argument). */
export class UsageError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_USAGE', message, details);
  }
}
/** Raised on 401, a WS-Security fault, a refused OAuth assertion. */
export class AuthenticationError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_AUTH_FAILED', message, { hint: 'Check the credentials the config points to (env or file).', ...details });
  }
}
/** Raised on 403: the API user lacks a permission, a field or a domain. */
export class PermissionError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_FORBIDDEN', message, {
      hint: "Grant the API user the permissions listed on the connector's docs page.",
      ...details,
    });
  }
}
/** Raised when an employee, goal, field, table or object does not exist. */
export class NotFoundError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_NOT_FOUND', message, details);
  }
}
/** Raised on 400/406/409/412/422, a Workday Validation_Fault, a SuccessFactors record in ERROR. */
export class RejectedError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_REJECTED', message, details);
  }
}
/** Raised on 429 (and BambooHR's older 503 + Retry-After) once retries are spent. */
export class RateLimitError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_RATE_LIMITED', message, {
      hint: 'Run again later; nothing was lost, failed writes are retried on the next run.',
      ...details,
    });
  }
}
/** Raised on other 5xx and SOAP server faults. */
export class ProviderError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_PROVIDER_ERROR', message, details);
  }
}
/** Raised when the connection drops or times out. */
export class NetworkError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_NETWORK', message, {
      hint: 'Check the host name / baseUrl and the network path to the HRIS.',
      ...details,
    });
  }
}
/** Raised when a provider payload fails its schema (API drift); `where` lists the paths. */
export class ResponseShapeError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_UNEXPECTED_RESPONSE', message, details);
  }
}
/** Raised when `apply plan.json` finds the HRIS changed since the plan was made. */
export class StalePlanError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_PLAN_STALE', message, { hint: 'Run `fluencyflow plan` again and review the new plan.', ...details });
  }
}
/** Raised when an evidence file cannot be read at all (a bad row is reported and skipped instead). */
export class EvidenceError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_EVIDENCE_INVALID', message, details);
  }
}
/** Raised when the state store cannot be opened or migrated. */
export class StateError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_STATE', message, details);
  }
}
/** Raised when the tenant lacks a field, table, object or goal plan fluencyflow writes to. */
export class SetupMissingError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_SETUP_MISSING', message, {
      hint: "Create it as the connector's docs page describes, then run `fluencyflow check`.",
      ...details,
    });
  }
}

/**
 * Raised before any write when a value fluencyflow would write is not one the tenant accepts (a goal state the
 * goal plan does not define, a list option the eligibility field lacks). `where` is the config path that sets it.
 */
export class TenantValueError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_TENANT_VALUE', message, {
      hint:
        'Set the config path named to one of the valid values, or add the value to the list in the HRIS, ' +
        'then run `fluencyflow check`.',
      ...details,
    });
  }
}

/**
 * Raised when a saved plan file was edited (its digest does not match its content) or holds a change the engine,
 * re-reading the HRIS now, would not plan itself. Nothing is written.
 */
export class PlanTamperedError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_PLAN_TAMPERED', message, {
      hint: 'Do not edit plan files: run `fluencyflow plan --out FILE` again, review it, then apply that file.',
      ...details,
    });
  }
}

/** Raised when another process holds the state store's writer lock (the message names it: pid, host, start). */
export class LockedError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_LOCKED', message, {
      hint:
        'Wait for that run to finish. A lock left by a killed process is taken over on its own ' +
        '(docs/operations.md).',
      ...details,
    });
  }
}

/** Raised when the audit log is missing, damaged or no longer append-only; no write is made while it is. */
export class AuditBrokenError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_AUDIT_BROKEN', message, {
      hint: 'Run `fluencyflow audit verify`; restore the state store from a backup (docs/operations.md).',
      ...details,
    });
  }
}

export const isFluencyError = (e: unknown): e is FluencyError => e instanceof FluencyError;

export const assertNever = (x: never): never => {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
};

/**
 * Raised (before sending) once a connector's circuit is open: its HRIS timed out or refused connections N times in a
 * row.
 */
export class HrisUnavailableError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_HRIS_UNAVAILABLE', message, {
      hint:
        'Nothing more was sent; what was not attempted is planned again. ' +
        'Run `fluencyflow apply --yes` when the HRIS answers.',
      ...details,
    });
  }
}
/** Raised (before sending) once the run's deadline has passed (`apply --deadline`). */
export class DeadlineError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_DEADLINE', message, {
      hint:
        'What was not attempted is planned again: run `fluencyflow apply --yes` again, ' +
        'or give it a longer --deadline.',
      ...details,
    });
  }
}

/** Raised when a config file is over a limit (size, YAML aliases): refused before it is expanded or validated. */
export class ConfigLimitError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_CONFIG_LIMIT', message, {
      hint: 'A config is a few kilobytes of plain YAML: check that the path names the right file.',
      ...details,
    });
  }
}

/** Raised when the state store file is not a SQLite database or is damaged (SQLITE_NOTADB, SQLITE_CORRUPT). */
export class StateCorruptError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_STATE_CORRUPT', message, {
      hint: 'Check that `state:` in the config names the state store; to rebuild a lost one see docs/operations.md.',
      ...details,
    });
  }
}
/** Raised when a port asked for (`sandbox --port N`) is taken by another process. */
export class PortInUseError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_PORT_IN_USE', message, { hint: 'Pick another --port, or 0 for any free one.', ...details });
  }
}

/** Raised when `revert <run-id>` names a run the state store does not hold. */
export class RunNotFoundError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_RUN_NOT_FOUND', message, {
      hint: '`fluencyflow status` lists the last runs with their ids.',
      ...details,
    });
  }
}

/**
 * Raised when `revert <run-id>` names a run that wrote nothing it can undo (a plan or dry run, a revert, a live run).
 */
export class RunNotRevertibleError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_RUN_NOT_REVERTIBLE', message, {
      hint: 'Only the writes of an `apply` run can be reverted (see docs/admin-guide.md, Undoing a run).',
      ...details,
    });
  }
}

/** Raised when a plan cannot be approved: unknown, no longer pending, or approved by the identity that planned it. */
export class ApprovalError extends FluencyError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('FF_APPROVAL', message, {
      hint: 'A second identity approves a pending plan; `fluencyflow approve --list` shows them.',
      ...details,
    });
  }
}

/** The SQLite or system error code carried by an error or its cause (`SQLITE_NOTADB`, `EADDRINUSE`). */
export const systemCodeOf = (e: unknown, depth = 0): string | undefined => {
  if (typeof e !== 'object' || e === null || depth > 4) return undefined;
  if ('code' in e && typeof e.code === 'string' && /^(SQLITE_|E[A-Z])/.test(e.code)) return e.code;
  return 'cause' in e ? systemCodeOf(e.cause, depth + 1) : undefined;
};
