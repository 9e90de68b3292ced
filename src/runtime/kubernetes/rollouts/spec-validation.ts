// The checks `sluice lint` makes on a Rollout, applied to the object the API server holds: the
// schema (unknown fields, types, required) and Argo's semantic rules. Objects from the API have no
// file or line, so each problem names its field path. Errors only: warnings do not block a rollout.
import { formatPath } from '../../../api/manifests/field-path.ts';
import { kindEntry } from '../../../api/schema/registry.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { semanticFindings } from '../../../api/validation/semantic.ts';
import { validateStructure } from '../../../api/validation/structural.ts';

/** The Rollout as a manifest: what the API server adds to metadata (uid, managedFields, ...) and the status left out. */
function asManifest(rollout: Rollout): Rollout {
  const { name, namespace, labels, annotations } = rollout.metadata;
  return {
    apiVersion: rollout.apiVersion,
    kind: rollout.kind,
    metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    spec: rollout.spec,
  };
}

export function rolloutSpecProblems(rollout: Rollout): string[] {
  const entry = kindEntry('Rollout');
  if (!entry) return [];
  const manifest = asManifest(rollout);
  const structural = validateStructure(manifest, entry.schema);
  if (structural.length > 0) return structural.map((problem) => `${formatPath(problem.path)}: ${problem.message}`);
  try {
    return semanticFindings(manifest)
      .filter((finding) => (finding.severity ?? 'error') === 'error')
      .map((finding) => `${formatPath(finding.path)}: ${finding.message}`);
  } catch (error) {
    return [`internal error while checking the Rollout: ${(error as Error).message}; please report it`];
  }
}
