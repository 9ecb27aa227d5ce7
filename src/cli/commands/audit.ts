import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AuditBrokenError, UsageError } from '../../errors.js';
import { csvField } from '../../report/csv.js';
import { AUDIT_COLUMNS } from '../../state/audit-chain.js';
import { openContext, type GlobalOptions } from '../context.js';
import type { Output } from '../output.js';

/** `audit verify`: walks the whole hash chain; exit 0 whole, 1 naming the first broken or missing record. */
export const auditVerifyCommand = async (out: Output, opts: GlobalOptions): Promise<number> => {
  const ctx = await openContext(out, opts);
  try {
    const v = ctx.engine.store().verifyAudit();
    const ok = v.problem === null && v.missingTriggers.length === 0;
    if (out.json) out.data({ ok, ...v });
    else {
      const unchained = v.unchained ? ` (${v.unchained} from before the hash chain)` : '';
      out.line(`${v.records} audit records${unchained}; last ${v.head?.seq ?? 0} ${v.head?.hash ?? ''}`);
      if (v.openIntents > 0)
        out.line(
          `${v.openIntents} intents without an outcome (a run in progress, or a killed one the next run reconciles)`,
        );
      if (ok) out.line('The audit log is whole: every record follows the one before it and matches its hash.');
    }
    const where = ctx.loaded.config.state;
    if (v.problem)
      throw new AuditBrokenError(`the audit log is broken at record ${v.problem.seq}: ${v.problem.message}`, { where });
    if (v.missingTriggers.length > 0) {
      const names = v.missingTriggers.join(', ');
      throw new AuditBrokenError(`the audit log is no longer append-only: trigger ${names} missing or altered`, {
        where,
      });
    }
    return 0;
  } finally {
    await ctx.engine.close();
  }
};

/** The hashed columns and the hash, then which worker ran the record's run (not hashed: from the runs table). */
const HEADER = [...AUDIT_COLUMNS, 'hash', 'worker_pid', 'worker_host'] as const;

/** `audit export --format ndjson|csv [--out FILE]`: every record in order, as stored, for an auditor. */
export const auditExportCommand = async (
  out: Output,
  opts: GlobalOptions & { format?: string; out?: string },
): Promise<number> => {
  const format = opts.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format takes ndjson or csv, not "${format}"`);
  const ctx = await openContext(out, opts);
  const sink = opts.out ? createWriteStream(opts.out) : process.stdout;
  try {
    const write = async (text: string) => {
      if (!sink.write(text)) await once(sink, 'drain');
    };
    if (format === 'csv') await write(`${HEADER.join(',')}\r\n`);
    let n = 0;
    for (const row of ctx.engine.store().auditRows()) {
      const cells = HEADER.map((c) => row[c] ?? null);
      const line =
        format === 'csv'
          ? cells.map(csvField).join(',')
          : JSON.stringify(Object.fromEntries(HEADER.map((c, i) => [c, cells[i]])));
      await write(`${line}${format === 'csv' ? '\r\n' : '\n'}`);
      n++;
    }
    if (opts.out) {
      sink.end();
      await once(sink, 'finish');
      out.line(`${n} audit records written to ${opts.out}.`);
    }
    return 0;
  } finally {
    await ctx.engine.close();
  }
};
