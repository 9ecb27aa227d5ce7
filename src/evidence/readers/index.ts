/**
 * The evidence readers: one streaming reader per accepted format (CSV, NDJSON, Open Badges, Copilot reports,
 * gzipped or not), each yielding records or row errors with their lines, and the scanners the usage summariser
 * drives. What the rest of src/evidence may use; every other file here is private to this folder (eslint.config.js).
 */
export { readCertifications } from './certifications.js';
export { readEnrolments } from './enrolments.js';
export { readUsage, scanUsage } from './usage.js';
export { badgeFiles, readBadges, type BadgeReadOptions } from './badges.js';
export { readM365Copilot, scanM365Copilot } from './m365-copilot.js';
export { readGithubCopilot, scanGithubCopilot } from './github-copilot.js';
export { readIdentities } from './identities.js';
export { unreadable } from './files.js';
export type { ReaderOptions } from './reader-options.js';
export type { UsageLine } from './usage-line.js';
export type { UsageSink } from './usage-sink.js';
export { FNV_OFFSET, fnvStep } from './subject-hash.js';
export type { DocumentSource } from './verify/documents.js';
export { sameIssuerId, type TrustKeys } from './verify/keys.js';
