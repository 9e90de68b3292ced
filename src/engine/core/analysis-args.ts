// AnalysisRun arguments written with `valueFrom`, resolved as Argo resolves them when it creates a
// run: `podTemplateHashValue` (Stable, Latest) from the revisions, `fieldRef` from the Rollout
// (`metadata.name`, `metadata.labels['x']`, ... or a path into the Rollout such as
// `spec.template.spec.containers[0].image`).
import type { Rollout } from '../../api/types/rollout.ts';
import type { AnalysisRunArgument, RolloutAnalysis } from '../../api/types/rollout-analysis.ts';

export interface ResolvedAnalysis {
  analysis: RolloutAnalysis;
  /** One sentence per argument that could not be resolved (the run is not created). */
  problems: string[];
}

export interface ArgumentSources {
  rollout: Rollout;
  stableHash: string | undefined;
  latestHash: string;
}

export function resolveAnalysisArgs(
  analysis: RolloutAnalysis,
  sources: ArgumentSources,
  where: string,
): ResolvedAnalysis {
  if (!analysis.args) return { analysis, problems: [] };
  const problems: string[] = [];
  const args = analysis.args.map((arg, index): AnalysisRunArgument => {
    if (!arg.valueFrom) return arg;
    const resolved = resolveOne(arg, sources);
    if (typeof resolved === 'string') return { name: arg.name, value: resolved };
    problems.push(`${where}.args[${index}] (${arg.name}): ${resolved.problem}`);
    return arg;
  });
  return { analysis: { ...analysis, args }, problems };
}

function resolveOne(arg: AnalysisRunArgument, sources: ArgumentSources): string | { problem: string } {
  const which = arg.valueFrom?.podTemplateHashValue;
  if (which) return which === 'Stable' ? (sources.stableHash ?? '') : sources.latestHash;
  const path = arg.valueFrom?.fieldRef?.fieldPath;
  if (path === undefined) return { problem: 'valueFrom needs podTemplateHashValue or fieldRef' };
  return path.startsWith('metadata') ? metadataField(sources.rollout, path) : rolloutField(sources.rollout, path);
}

/** Kubernetes' field paths on object metadata (the downward API's forms). */
function metadataField(rollout: Rollout, path: string): string | { problem: string } {
  const metadata = rollout.metadata;
  const keyed = /^metadata\.(labels|annotations)\['([^']*)'\]$/.exec(path);
  if (keyed) {
    const map = keyed[1] === 'labels' ? metadata.labels : metadata.annotations;
    return map?.[keyed[2] ?? ''] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return metadata.name ?? '';
    case 'metadata.namespace':
      return metadata.namespace ?? '';
    case 'metadata.uid':
      return (metadata as { uid?: string }).uid ?? '';
    case 'metadata.labels':
      return formatMap(metadata.labels);
    case 'metadata.annotations':
      return formatMap(metadata.annotations);
  }
  return {
    problem: `fieldRef.fieldPath '${path}' is not supported: use metadata.name, metadata.namespace, metadata.uid, metadata.labels['<key>'] or metadata.annotations['<key>']`,
  };
}

/** `key="value"` lines sorted by key, as Kubernetes formats a whole label or annotation map. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map?.[key] ?? '')}`)
    .join('\n');
}

/** A dotted path with [index] parts into the Rollout; it must end on a string, number or boolean. */
function rolloutField(rollout: Rollout, path: string): string | { problem: string } {
  let value: unknown = rollout;
  for (const part of path.split(/[.[\]]+/).filter((p) => p !== '')) {
    if (Array.isArray(value)) {
      const index = Number(part);
      if (!Number.isInteger(index)) return { problem: `fieldRef.fieldPath '${path}': '${part}' is not an index` };
      if (index >= value.length) return { problem: `fieldRef.fieldPath '${path}': index ${index} is out of range` };
      value = value[index];
    } else if (value !== null && typeof value === 'object') {
      value = (value as Record<string, unknown>)[part];
    } else {
      return { problem: `fieldRef.fieldPath '${path}' does not exist in the Rollout` };
    }
  }
  if (value === undefined || value === null)
    return { problem: `fieldRef.fieldPath '${path}' does not exist in the Rollout` };
  if (typeof value === 'object')
    return { problem: `fieldRef.fieldPath '${path}' must end on a single value, not an object or a list` };
  return String(value);
}
