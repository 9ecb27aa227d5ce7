import { markerFor, referenceIdFor, type Change } from '../../../schemas/index.js';
import type { EmployeeRecord } from '../../../src/connector.js';
import { readOptions } from './helpers.js';

/** A tiny stand-in for the engine's diff: what the connector must make true, as changes. */
export const planFor = (records: EmployeeRecord[], round = 1): Change[] => {
  const changes: Change[] = [];
  const g = readOptions.goal;
  for (const { employee: e, current } of records) {
    if (e.status !== 'active') continue;
    const marker = markerFor(g, e.id);
    const refId = referenceIdFor(g, e.id);
    const name = `${e.firstName} ${e.lastName}`;
    const description = `Hold the practitioner level for ${name}: 1 < 2 & "quotes" ]]> done.\n${marker}`;
    const after = {
      title: g.title,
      description,
      dueDate: '2027-12-31',
      percentComplete: (Number(e.id) * round) % 101,
      status: 'on-track' as const,
      targetLevel: 'practitioner',
      marker,
      referenceId: refId,
      cycleStart: '2027-01-01',
    };
    const candidate =
      current.goals.find((x) => x.referenceId === refId) ??
      current.goals.find((x) => x.description.includes(marker)) ??
      current.goals.find((x) => x.title === g.title);
    const same =
      candidate &&
      candidate.title === after.title &&
      candidate.description === after.description &&
      candidate.dueDate === after.dueDate &&
      candidate.percentComplete === after.percentComplete &&
      candidate.status === after.status &&
      !candidate.closed;
    if (!same)
      changes.push({
        key: `g-${e.id}`,
        connector: e.connector,
        employeeId: e.id,
        kind: 'goal',
        action: candidate ? 'update' : 'create',
        before: candidate ?? null,
        after,
        reason: 'goal',
      });
    const flag = {
      value: Number(e.id) % 2 === 0 ? ('eligible' as const) : ('not-eligible' as const),
      reason: `Practitioner credential for ${e.lastName} <${e.grade ?? '?'}> & 8 active days`,
    };
    if (current.eligibility?.value !== flag.value || current.eligibility.reason !== flag.reason)
      changes.push({
        key: `e-${e.id}`,
        connector: e.connector,
        employeeId: e.id,
        kind: 'eligibility',
        action: current.eligibility ? 'update' : 'create',
        before: current.eligibility,
        after: flag,
        reason: 'flag',
      });
    const history = [...e.jobHistory].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
    for (let i = 1; i < history.length; i++) {
      const from = history[i - 1];
      const to = history[i];
      if (!from?.grade || !to?.grade || from.grade === to.grade || to.effectiveDate < '2026-03-01') continue;
      if (Number(to.grade.slice(1)) <= Number(from.grade.slice(1))) continue;
      const note = {
        promotionDate: to.effectiveDate,
        fromGrade: from.grade,
        toGrade: to.grade,
        note: `Promoted without the practitioner level; exception: justification required (${name})`,
      };
      if (current.exceptionNotes.some((n) => n.promotionDate === note.promotionDate && n.toGrade === note.toGrade))
        continue;
      changes.push({
        key: `n-${e.id}-${to.effectiveDate}`,
        connector: e.connector,
        employeeId: e.id,
        kind: 'exception-note',
        action: 'create',
        before: null,
        after: note,
        reason: 'note',
      });
    }
  }
  return changes;
};
