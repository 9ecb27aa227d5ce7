/**
 * How a test shapes a run's writes, per HRIS. SuccessFactors writes through `upsert` batches of up to 1000 records
 * with an outcome per record, so two things the other HRIS get from a plain sandbox switch need its own:
 * - many write requests (to stop a run between two of them): smaller batches, the same batched path;
 * - writes that fail for good (exit 3): refused records inside a batch, as the real upsert answers them (200 with
 *   `status: ERROR`). A batch answered 500 is no lasting failure: its goal creates are read back and the rest sent
 *   once more, so the run recovers.
 */
import type { RunningSandbox, SandboxQuirks } from '../../src/connector.js';

/** Records per SuccessFactors upsert call in tests that count write requests: a run of 60 makes a dozen calls. */
const SMALL_UPSERT_BATCH = 10;

/**
 * Rows per file of the CSV drop folder in those tests. The engine writes several batches at once, and the sandbox
 * imports every file present at each tick: with a few large files a whole run can land in one tick, leaving nothing
 * to kill it between.
 */
const SMALL_DROP_FILE = 5;

/** The sandbox's connector block, with SuccessFactors and the CSV drop folder writing in small batches. */
export const manyWriteRequests = (sandbox: RunningSandbox, id: string): Record<string, unknown> => ({
  ...sandbox.connectorConfig(id),
  ...(sandbox.type === 'successfactors' ? { upsertBatchSize: SMALL_UPSERT_BATCH } : {}),
  ...(sandbox.type === 'csv-drop' ? { batchSize: SMALL_DROP_FILE } : {}),
});

/** Quirks under which one write in `every` fails for good (0: none): records in SuccessFactors, calls elsewhere. */
export const someWritesFail = (type: string, every: number): Partial<SandboxQuirks> =>
  type === 'successfactors' ? { failRecordsEvery: every } : { failWritesEvery: every };
