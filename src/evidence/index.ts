/**
 * Evidence: streaming readers for every accepted format, identity matching across connectors, the idempotent
 * import into the state store, and the per-employee bundles the engine evaluates. Formats: docs/evidence.md.
 */
export { emptyBundle, type EvidenceBundle } from './bundle.js';
export { readCertifications, CERTIFICATION_COLUMNS } from './certifications.js';
export { readEnrolments, ENROLMENT_COLUMNS } from './enrolments.js';
export { readUsage, scanUsage } from './usage.js';
export { readBadges, type BadgeRecord, type BadgeItem } from './badges.js';
export { readM365Copilot, scanM365Copilot } from './m365-copilot.js';
export { readGithubCopilot, scanGithubCopilot } from './github-copilot.js';
export { readIdentities } from './identities.js';
export type { ReaderOptions, ReadItem, CertificationItem, EnrolmentItem, UsageItem } from './reader-options.js';
export { credentialAliases, credentialIdFor, badgeCredential } from './credential-id.js';
export { DayResolver, epochDay, isoOfEpochDay } from './dates.js';
export {
  buildIdentityIndex,
  IdentityIndex,
  normalizeEmail,
  UNMATCHED,
  AMBIGUOUS,
  type EmployeeIdentity,
  type IdentityOptions,
} from './identity.js';
export { evidenceKinds, evidenceKindOf, configuredFiles, type EvidenceKind } from './evidence-config.js';
export { importEvidence, type ImportOptions, type ImportResult } from './import.js';
export { loadEvidence, type LoadEvidenceOptions, type LoadedEvidence } from './load.js';
export { evidenceMigrations } from '../state/evidence-migrations.js';
export { EvidenceStore } from '../state/evidence-store.js';
