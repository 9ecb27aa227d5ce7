/**
 * Wires src/evidence (streamed readers, identity matching, the evidence store) into the engine's EvidenceSource.
 */
import type { Config, Employee } from '../../schemas/index.js';
import { evidenceKindOf, evidenceKinds, importEvidence, loadEvidence } from '../evidence/index.js';
import { UsageError } from '../errors.js';
import type { StateStore } from '../state/state-store.js';
import type { EvidenceSource } from './evaluate-org.js';

export const loadEvidenceForEngine = async (args: {
  config: Config;
  configDir: string;
  store: StateStore;
  employees: readonly Employee[];
  asOf: string;
}): Promise<EvidenceSource> => {
  const loaded = await loadEvidence({
    config: args.config,
    configDir: args.configDir,
    store: args.store,
    employees: args.employees,
    zone: args.config.cycle.zone,
    asOf: args.asOf,
  });
  return { bundleFor: (key) => loaded.bundleFor(key), issues: loaded.issues, counts: loaded.counts };
};

export const importEvidenceFile = (args: {
  kind: string;
  file: string;
  store: StateStore;
  config: Config;
  configDir: string;
}) => {
  const kind = evidenceKindOf(args.kind);
  if (kind === null)
    throw new UsageError(`unknown evidence kind "${args.kind}" (known: ${evidenceKinds.join(', ')})`, {
      hint: 'See docs/evidence.md for every format.',
    });
  return importEvidence({
    kind,
    file: args.file,
    store: args.store,
    config: args.config,
    configDir: args.configDir,
    zone: args.config.cycle.zone,
  });
};
