import { createHash } from 'node:crypto';
import type { Employee } from '../../schemas/index.js';
import type { SubjectKind } from '../state/evidence-store.js';

/** What matching needs of an employee (a full Employee fits). */
export type EmployeeIdentity = Pick<Employee, 'connector' | 'id' | 'employeeNumber' | 'email'>;

export type HashAlg = 'sha256' | 'md5';

/** The algorithm and lower-case hex of a hashed recipient, or null for an algorithm Open Badges does not allow. */
export const parseHashed = (identity: string): { alg: HashAlg; hex: string } | null => {
  const dollar = identity.indexOf('$');
  const hex = (dollar >= 0 ? identity.slice(dollar + 1) : identity).trim().toLowerCase();
  const alg = dollar >= 0 ? identity.slice(0, dollar).trim().toLowerCase() : hex.length === 32 ? 'md5' : 'sha256';
  return alg === 'sha256' || alg === 'md5' ? { alg, hex } : null;
};

export const UNMATCHED = -1;
export const AMBIGUOUS = -2;

export interface IdentityOptions {
  /** Other domains that are the same mailbox (`example.co.uk` -> `example.com`). */
  domainAliases?: Readonly<Record<string, string>>;
  /** Tool accounts (`evidence.identities`): account -> an HRIS id, employee number or work e-mail. */
  accounts?: Iterable<readonly [string, string]>;
}

const aliasMap = (aliases: Readonly<Record<string, string>> = {}): Map<string, string> =>
  new Map(Object.entries(aliases).map(([k, v]) => [k.trim().toLowerCase(), v.trim().toLowerCase()]));

/**
 * A work e-mail as it is compared: without case, without a `+tag` on the local part, with an aliased domain
 * replaced by the one it stands for. Null when the value is not an e-mail address.
 */
export const normalizeEmail = (raw: string, aliases: ReadonlyMap<string, string> = new Map()): string | null => {
  const s = raw.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const plus = s.indexOf('+');
  if ((plus < 0 || plus > at) && aliases.size === 0) return s;
  const local = plus > 0 && plus < at ? s.slice(0, plus) : s.slice(0, at);
  const domain = s.slice(at + 1);
  return `${local}@${aliases.get(domain) ?? domain}`;
};

const put = (map: Map<string, number>, key: string, index: number): void => {
  const cur = map.get(key);
  map.set(key, cur === undefined || cur === index ? index : AMBIGUOUS);
};

/**
 * Resolves an evidence subject to one employee across all connectors: HRIS id and employee number exactly as
 * written, work e-mail as `normalizeEmail` compares it, a tool account through `evidence.identities`. A subject
 * that two employees answer to is ambiguous, never guessed.
 */
export class IdentityIndex {
  private readonly byId = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  private readonly byNumber = new Map<string, number>();
  private readonly byEmail = new Map<string, number>();
  private readonly byAccount = new Map<string, number>();
  private spelled: (readonly [string, number])[] | null = null;
  readonly aliases: ReadonlyMap<string, string>;
  /** Accounts whose employee could not be found (or was ambiguous), for the run's issues. */
  readonly badAccounts: { account: string; employee: string; problem: 'unmatched' | 'ambiguous' }[] = [];
  /** E-mail hashes computed so far (the cost of salted Open Badges recipients). */
  hashesComputed = 0;

  constructor(
    readonly employees: readonly EmployeeIdentity[],
    opts: IdentityOptions = {},
  ) {
    this.aliases = aliasMap(opts.domainAliases);
    employees.forEach((e, i) => {
      const prev = this.byId.get(e.id);
      if (prev !== undefined && prev !== i) {
        const other = employees[prev >= 0 ? prev : -1];
        if (other !== undefined) this.byKey.set(`${other.connector}:${other.id}`, prev);
        this.byKey.set(`${e.connector}:${e.id}`, i);
      }
      put(this.byId, e.id, i);
      if (e.employeeNumber !== null && e.employeeNumber !== '') put(this.byNumber, e.employeeNumber, i);
      const email = e.email === null ? null : normalizeEmail(e.email, this.aliases);
      if (email !== null) put(this.byEmail, email, i);
    });
    const accountTo = new Map<string, number>();
    for (const [account, employee] of opts.accounts ?? []) {
      const target = this.resolveDirect(employee.trim());
      if (target < 0)
        this.badAccounts.push({ account, employee, problem: target === AMBIGUOUS ? 'ambiguous' : 'unmatched' });
      else put(accountTo, account.trim().toLowerCase(), target);
    }
    for (const [k, v] of accountTo) this.byAccount.set(k, v);
  }

  keyOf(index: number): string {
    const e = this.employees[index];
    return e === undefined ? '' : `${e.connector}:${e.id}`;
  }

  /** The index of the employee with key `connector:id`, or UNMATCHED. */
  indexOfKey(key: string): number {
    const colon = key.indexOf(':');
    const id = key.slice(colon + 1);
    const i = this.byId.get(id);
    if (i === AMBIGUOUS) return this.byKey.get(key) ?? UNMATCHED;
    if (i === undefined) return UNMATCHED;
    return this.employees[i]?.connector === key.slice(0, colon) ? i : UNMATCHED;
  }

  /** An employee index, UNMATCHED or AMBIGUOUS. `email` subjects match only e-mails; `account` only accounts. */
  resolve(subject: string, kind: SubjectKind = 'any'): number {
    const s = subject.trim();
    if (kind === 'account') return this.byAccount.get(s.toLowerCase()) ?? UNMATCHED;
    if (kind === 'email') return combine(this.email(s), this.byAccount.get(s.toLowerCase()));
    if (kind === 'email-hash') return UNMATCHED;
    return combine(this.resolveDirect(s), this.byAccount.get(s.toLowerCase()));
  }

  /**
   * The employee a hashed recipient (`sha256$<hex>` or `md5$<hex>`, both allowed by Open Badges 2.0; a bare hex
   * string by its length; with its salt or none) names, by their work e-mails. Costs `hashCostPerSalt` hashes:
   * many recipients go through `matchHashes`, one salt at a time.
   */
  resolveHash(identity: string, salt: string | null): number {
    const h = parseHashed(identity);
    if (h === null) return UNMATCHED;
    return this.matchHashes(h.alg, salt ?? '', new Set([h.hex])).get(h.hex) ?? UNMATCHED;
  }

  /** How many hashes a new salt costs (one per spelling of each employee's work e-mail). */
  get hashCostPerSalt(): number {
    return this.spellings().length;
  }

  /**
   * The employees whose work e-mail, hashed with `alg` after appending `salt`, gives one of `wanted` (lower-case
   * hex): only those are kept, so memory stays at the recipients asked about, whatever the number of salts.
   */
  matchHashes(alg: HashAlg, salt: string, wanted: ReadonlySet<string>): Map<string, number> {
    const found = new Map<string, number>();
    for (const [address, i] of this.spellings()) {
      const hex = createHash(alg)
        .update(address + salt)
        .digest('hex');
      this.hashesComputed++;
      if (wanted.has(hex)) put(found, hex, i);
    }
    return found;
  }

  /** Every spelling of each employee's work e-mail that an issuer may have hashed, computed once. */
  private spellings(): readonly (readonly [string, number])[] {
    if (this.spelled !== null) return this.spelled;
    const out: [string, number][] = [];
    const reverse = new Map<string, string[]>();
    for (const [alias, domain] of this.aliases) reverse.set(domain, [...(reverse.get(domain) ?? []), alias]);
    this.employees.forEach((e, i) => {
      if (e.email === null) return;
      const written = e.email.trim();
      const lower = written.toLowerCase();
      const at = lower.lastIndexOf('@');
      const all = new Set([
        lower,
        written,
        ...(reverse.get(lower.slice(at + 1)) ?? []).map((d) => `${lower.slice(0, at)}@${d}`),
      ]);
      for (const address of all) out.push([address, i]);
    });
    this.spelled = out;
    return out;
  }

  private resolveDirect(s: string): number {
    return combine(combine(this.byId.get(s), this.byNumber.get(s)), s.includes('@') ? this.email(s) : undefined);
  }

  private email(s: string): number | undefined {
    const n = normalizeEmail(s, this.aliases);
    return n === null ? undefined : this.byEmail.get(n);
  }
}

/** One answer from two lookups: the same employee, one of them, or ambiguous when they disagree. */
const combine = (x: number | undefined, y: number | undefined): number => {
  const a = x === UNMATCHED ? undefined : x;
  const b = y === UNMATCHED ? undefined : y;
  if (a === undefined) return b ?? UNMATCHED;
  if (b === undefined || a === b) return a;
  return AMBIGUOUS;
};

export const buildIdentityIndex = (employees: readonly EmployeeIdentity[], opts: IdentityOptions = {}): IdentityIndex =>
  new IdentityIndex(employees, opts);
