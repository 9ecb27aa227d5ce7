/**
 * One outbox file per batch: the rows of every change that writes, under the next sequence number, written
 * atomically. Either the whole file is there for the HRIS or none of it; a batch whose write fails is all `failed`
 * and safe to write again (its change keys are in no pending file).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RejectedError } from '../../src/errors.js';
import type { ChangeOutcome } from '../../src/connector.js';
import type { CsvDropConfig } from './config.js';
import { parseCsv, toCsvText } from './csv-text.js';
import { absolute, filesIn, nextSequence, outboxName, outboxNamePattern, writeOutboxFile } from './folder.js';
import { outboxCells } from './mapping.js';
import type { DropContext } from './read.js';
import { toError } from './to-error.js';
import { OUTBOX_COLUMNS, type OutboxRow } from './wire-schemas.js';

/** The outbox and the folders the HRIS archives imported and refused files in. */
export const dropFolders = (config: CsvDropConfig, baseDir: string) => {
  const outbox = absolute(baseDir, config.outbox);
  return {
    outbox,
    processed: absolute(baseDir, config.processed ?? `${config.outbox}/processed`),
    rejected: absolute(baseDir, config.rejected ?? `${config.outbox}/rejected`),
  };
};

const POLL_MS = 200;

/**
 * Waits (up to `awaitImportSeconds`) until the HRIS has taken the file, then reads its error report: change id ->
 * why it was refused (`''`: the whole file). Empty when nothing was refused or the HRIS has not imported it yet.
 */
const awaitImport = async (
  ctx: DropContext,
  f: ReturnType<typeof dropFolders>,
  name: string,
): Promise<Map<string, string>> => {
  const polls = Math.ceil((ctx.config.awaitImportSeconds * 1000) / POLL_MS);
  if (polls === 0) return new Map();
  let waiting = true;
  for (let i = 0; i < polls && waiting; i++) {
    await sleep(POLL_MS);
    waiting = (await filesIn(f.outbox)).includes(name);
  }
  if (waiting) {
    ctx.warn(`${ctx.config.outbox}/${name}: not imported by the HRIS yet; counted as written`);
    return new Map();
  }
  const report = await readFile(join(f.rejected, `${name}.errors.csv`), 'utf8').catch(() => null);
  if (report === null) return new Map();
  return new Map(
    parseCsv(report, ',').rows.map((r) => [r.cells.get('change_id') ?? '', r.cells.get('error') ?? 'refused']),
  );
};

/** Writes the rows as one file; every row's change is `applied` when the file is in place, `failed` if not. */
export const writeBatch = async (ctx: DropContext, rows: readonly OutboxRow[]): Promise<ChangeOutcome[]> => {
  if (rows.length === 0) return [];
  const { config } = ctx;
  const f = dropFolders(config, ctx.baseDir);
  const batch = createHash('sha256')
    .update(rows.map((r) => r.change_id).join('\n'))
    .digest('hex')
    .slice(0, 12);
  try {
    const seq = await nextSequence([f.outbox, f.processed, f.rejected], outboxNamePattern(config.fileName, config.id));
    const name = outboxName(config.fileName, config.id, seq, batch);
    await writeOutboxFile(f.outbox, name, toCsvText(OUTBOX_COLUMNS, rows.map(outboxCells)), await ctx.key());
    const refused = await awaitImport(ctx, f, name);
    return rows.map((r): ChangeOutcome => {
      const why = refused.get(r.change_id) ?? refused.get('');
      const where = `${config.rejected ?? `${config.outbox}/rejected`}/${name}.errors.csv`;
      if (why !== undefined)
        return {
          key: r.change_id,
          outcome: 'failed',
          requestId: name,
          error: new RejectedError(`the HRIS refused it: ${why}`, { connector: config.id, where }),
        };
      return {
        key: r.change_id,
        outcome: 'applied',
        requestId: name,
        ...(r.record === 'goal' && r.goal_id !== '' ? { hrisId: r.goal_id } : {}),
      };
    });
  } catch (e) {
    const error = toError(e, { connector: config.id, where: config.outbox });
    return rows.map((r) => ({ key: r.change_id, outcome: 'failed', error }));
  }
};
