import { basename } from 'node:path';
import type { CertificationRecord, EnrolmentRecord, EvidenceRowError, UsageDay } from '../../../schemas/index.js';

export interface ReaderOptions {
  /** The cycle's time zone: a timestamp counts on its calendar day there. Default UTC. */
  zone?: string;
  /** The config's `credentials` map (display names and badge-class ids -> ladder ids). */
  credentials?: Readonly<Record<string, string>>;
  /** The file's name in reports (default: its base name). */
  file?: string;
  /** Sees the stored bytes of the file (for the content hash). */
  onRawChunk?: (chunk: Buffer) => void;
}

export type ReadItem<T> = { record: T } | { error: EvidenceRowError };
export type CertificationItem = ReadItem<CertificationRecord>;
export type EnrolmentItem = ReadItem<EnrolmentRecord>;
export type UsageItem = ReadItem<UsageDay>;

export const displayName = (path: string, opts: ReaderOptions): string => opts.file ?? basename(path);
