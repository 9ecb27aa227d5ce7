/**
 * Evidence: streaming readers for every accepted format, identity matching across connectors, the idempotent
 * import into the state store, and the per-employee bundles the engine evaluates. Formats: docs/evidence.md.
 */
;
export { readCertifications,  } from './certifications.js';
export { readEnrolments,  } from './enrolments.js';
export { readUsage,  } from './usage.js';
export { readBadges,   } from './badges.js';
export { readM365Copilot,  } from './m365-copilot.js';
export { readGithubCopilot,  } from './github-copilot.js';
;
;
;
export {  epochDay, isoOfEpochDay } from './dates.js';
export {
  buildIdentityIndex,
  
  normalizeEmail,
  UNMATCHED,
  AMBIGUOUS,
  type EmployeeIdentity,
  
} from './identity.js';
export { evidenceKinds, evidenceKindOf,   } from './evidence-config.js';
export { importEvidence,   } from './import.js';
export { loadEvidence } from './load.js';
export { readIdentities } from './identities.js';
;
export { EvidenceStore } from '../state/evidence-store.js';
