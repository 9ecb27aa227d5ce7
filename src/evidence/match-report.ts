import type { RunIssue } from '../../schemas/index.js';
import type { SubjectKind } from '../state/evidence-store.js';
import { AMBIGUOUS } from './identity.js';

const EXAMPLES = 5;

interface Tally {
  count: number;
  examples: string[];
}

/** Counts evidence that matched no employee, or two, per file and kind, with a few examples for the report. */
export class MatchReport {
  private readonly tallies = new Map<
    string,
    Tally & { file: string; kind: SubjectKind; problem: 'unmatched' | 'ambiguous' }
  >();
  unmatched = 0;
  ambiguous = 0;

  note(file: string, kind: SubjectKind, subject: string, result: number): void {
    const problem = result === AMBIGUOUS ? 'ambiguous' : 'unmatched';
    if (problem === 'ambiguous') this.ambiguous++;
    else this.unmatched++;
    const key = `${problem}\u0000${file}\u0000${kind}`;
    let t = this.tallies.get(key);
    if (t === undefined) this.tallies.set(key, (t = { file, kind, problem, count: 0, examples: [] }));
    t.count++;
    if (t.examples.length < EXAMPLES && !t.examples.includes(subject))
      t.examples.push(kind === 'email-hash' ? `${subject.slice(0, 19)}...` : subject);
  }

  issues(): RunIssue[] {
    return [...this.tallies.values()]
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.problem < b.problem ? -1 : 1))
      .map((t) => ({
        code: t.problem === 'ambiguous' ? 'EVIDENCE_AMBIGUOUS' : 'EVIDENCE_UNMATCHED',
        message:
          `${t.count} ${t.count === 1 ? 'record' : 'records'} in ${t.file} ` +
          `${describe(t.kind, t.problem, t.count === 1)} (e.g. ${t.examples.join(', ')})${hint(t)}`,
        connector: null,
        employeeId: null,
        where: t.file,
      }));
  }
}

const describe = (kind: SubjectKind, problem: 'unmatched' | 'ambiguous', one: boolean): string => {
  const s = one ? 's' : '';
  if (problem === 'ambiguous') return `name${s} more than one employee (the same id, number or e-mail in two places)`;
  if (kind === 'account') return `name${s} tool accounts that evidence.identities does not map`;
  if (kind === 'email-hash') return `carr${one ? 'ies' : 'y'} hashed recipients that match no employee's work e-mail`;
  return `match${one ? 'es' : ''} no employee by HRIS id, employee number, work e-mail or mapped account`;
};

const hint = (t: Tally): string =>
  t.examples.length > 0 && t.examples.every((e) => /^[0-9a-f]{32}$/i.test(e))
    ? '; the names look concealed: turn off ' +
      '"Display concealed user, group, and site names" in the Microsoft 365 admin center reports settings'
    : '';
