// A Rollout's analysis args as values: `value`, `valueFrom.podTemplateHashValue` (Stable/Latest)
// and `valueFrom.fieldRef` (metadata fields or any field of the rollout, e.g. status.alb...).
import type { Argument } from '../api/types/analysis.ts';
import type { AnalysisRunArgument } from '../api/types/rollout-analysis.ts';

export class RolloutArgError extends Error {
  override name = 'RolloutArgError';
}

export interface RolloutArgContext {
  /** The rollout as stored (metadata, spec, status). */
  rollout: unknown;
  stablePodHash?: string;
  latestPodHash?: string;
}

export function resolveRolloutArgs(
  args: readonly AnalysisRunArgument[] | undefined,
  context: RolloutArgContext,
): Argument[] {
  return (args ?? []).map((arg) => {
    const from = arg.valueFrom;
    if (!from) return arg.value === undefined ? { name: arg.name } : { name: arg.name, value: arg.value };
    if (from.podTemplateHashValue !== undefined) {
      const hash = from.podTemplateHashValue === 'Stable' ? context.stablePodHash : context.latestPodHash;
      if (hash === undefined)
        throw new RolloutArgError(
          `args.${arg.name}: there is no ${from.podTemplateHashValue.toLowerCase()} ReplicaSet yet to take the pod template hash from`,
        );
      return { name: arg.name, value: hash };
    }
    if (from.fieldRef)
      return { name: arg.name, value: fieldRefValue(context.rollout, from.fieldRef.fieldPath, arg.name) };
    throw new RolloutArgError(`args.${arg.name}: valueFrom must set podTemplateHashValue or fieldRef`);
  });
}

/**
 * A field of the rollout as a string. `metadata.labels['x']` and `metadata.annotations['x']` name
 * one entry; other paths are walked through `.` and `[index]`, and must end on a plain value.
 */
export function fieldRefValue(object: unknown, fieldPath: string, argName = '?'): string {
  const subscript = /^metadata\.(labels|annotations)\[['"]?(.+?)['"]?\]$/.exec(fieldPath);
  if (subscript) {
    const map = (object as { metadata?: Record<string, Record<string, string> | undefined> }).metadata?.[
      subscript[1] ?? ''
    ];
    return map?.[subscript[2] ?? ''] ?? '';
  }
  let node: unknown = object;
  for (const section of fieldPath.split(/[.[\]]+/).filter((part) => part !== '')) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(section))
        throw new RolloutArgError(`args.${argName}: fieldRef ${fieldPath}: "${section}" is not a list index`);
      node = node[Number(section)];
    } else if (node !== null && typeof node === 'object') {
      node = (node as Record<string, unknown>)[section];
    } else {
      node = undefined;
    }
    if (node === undefined)
      throw new RolloutArgError(`args.${argName}: fieldRef ${fieldPath} does not exist in the rollout`);
  }
  if (node === null || typeof node === 'object')
    throw new RolloutArgError(
      `args.${argName}: fieldRef ${fieldPath} must end on a plain value, not a list or an object`,
    );
  return String(node);
}
