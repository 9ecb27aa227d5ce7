/**
 * Evidence: streaming readers for every accepted format (readers/), identity matching across connectors, the
 * idempotent import into the state store (use summed per employee per day by usage/), and the per-employee bundles
 * the engine evaluates. Formats: docs/evidence.md.
 */
export {
  readBadges,
  readCertifications,
  readEnrolments,
  readGithubCopilot,
  readIdentities,
  readM365Copilot,
  readUsage,
} from './readers/index.js';
export { epochDay, isoOfEpochDay } from './dates.js';
export { buildIdentityIndex, normalizeEmail, UNMATCHED, AMBIGUOUS, type EmployeeIdentity } from './identity.js';
export { evidenceKinds, evidenceKindOf } from './evidence-config.js';
export { importEvidence } from './import.js';
export { loadEvidence } from './load.js';
export { EvidenceStore } from '../state/evidence-store.js';
