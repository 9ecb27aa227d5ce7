/**
 * `fluencyflow status | head`: when the reader closes the pipe, the rest of the output has nowhere to go. That is not
 * an error to report with a stack trace, and it must not cut a running apply short either: the command goes on (its
 * state and audit writes matter more than its printout) and what it would have printed is dropped.
 */
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

const codeOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

/** Drops writes to a stream once its reader has gone; any other stream error is re-raised as before. */
export const tolerateClosedPipe = (stream: NodeJS.WriteStream): void => {
  stream.on('error', (e: unknown) => {
    if (CLOSED.has(codeOf(e) ?? '')) return;
    throw e;
  });
};

/** True once the reader has gone, so output can stop formatting what nobody reads. */
export const isClosed = (stream: NodeJS.WritableStream): boolean => 'destroyed' in stream && stream.destroyed === true;
