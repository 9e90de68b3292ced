// spec.strategy.{canary,blueGreen}.antiAffinity: the new ReplicaSet's pods keep off the nodes that
// run the stable revision's pods. As Argo (GenerateReplicaSetAffinity), when a stable revision
// exists and is not the new one, the pod template of the new ReplicaSet gets one more pod
// anti-affinity term: pods labelled rollouts-pod-template-hash In [stable hash], in the Rollout's
// namespace, per node (kubernetes.io/hostname); preferred with the configured weight, or required.
// The term is not part of the Rollout's template, so it is left out when templates are compared.
import type { Rollout } from '../../api/types/rollout.ts';
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';

type Json = Record<string, unknown>;

interface PodAffinityTerm {
  labelSelector?: { matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
  [field: string]: unknown;
}

interface PodAntiAffinity {
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight: number; podAffinityTerm: PodAffinityTerm }>;
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  [field: string]: unknown;
}

/** The strategy's antiAffinity when it asks for a rule (Argo's GetRolloutAffinity). */
function antiAffinityOf(rollout: Rollout): { preferredWeight?: number; required: boolean } | undefined {
  const { canary, blueGreen } = rollout.spec.strategy;
  const strategy = canary?.antiAffinity ?? blueGreen?.antiAffinity;
  if (!strategy) return undefined;
  if (strategy.preferredDuringSchedulingIgnoredDuringExecution) {
    return { preferredWeight: strategy.preferredDuringSchedulingIgnoredDuringExecution.weight, required: false };
  }
  if (strategy.requiredDuringSchedulingIgnoredDuringExecution) return { required: true };
  return undefined;
}

/** The term that keeps pods off the nodes of the stable revision's pods. */
export function injectedAntiAffinityTerm(namespace: string, stableHash: string): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: [{ key: POD_TEMPLATE_HASH_LABEL, operator: 'In', values: [stableHash] }] },
    namespaces: [namespace],
    topologyKey: 'kubernetes.io/hostname',
  };
}

/**
 * The new ReplicaSet's template with the anti-affinity term added, when the Rollout asks for one
 * and a stable revision other than `newHash` exists; otherwise the template unchanged.
 */
export function withInjectedAntiAffinity(
  template: PodTemplateSpec,
  rollout: Rollout,
  stableHash: string | undefined,
  newHash: string,
): PodTemplateSpec {
  const rule = antiAffinityOf(rollout);
  if (!rule || !stableHash || stableHash === newHash) return template;
  const term = injectedAntiAffinityTerm(rollout.metadata.namespace ?? 'default', stableHash);
  const affinity = { ...((template.spec?.affinity as Json | undefined) ?? {}) };
  const anti: PodAntiAffinity = { ...((affinity.podAntiAffinity as PodAntiAffinity | undefined) ?? {}) };
  if (rule.preferredWeight !== undefined) {
    anti.preferredDuringSchedulingIgnoredDuringExecution = [
      ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      { weight: rule.preferredWeight, podAffinityTerm: term },
    ];
  } else {
    anti.requiredDuringSchedulingIgnoredDuringExecution = [
      ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      term,
    ];
  }
  affinity.podAntiAffinity = anti;
  return { ...template, spec: { ...(template.spec ?? { containers: [] }), affinity } };
}

const isInjected = (term: PodAffinityTerm | undefined): boolean =>
  (term?.labelSelector?.matchExpressions ?? []).some((requirement) => requirement.key === POD_TEMPLATE_HASH_LABEL);

/**
 * The template without the injected term (Argo's RemoveInjectedAntiAffinityRule): the first term
 * that selects on the pod-template-hash label, in the list the Rollout's rule uses; emptied
 * anti-affinity and affinity objects are removed.
 */
export function withoutInjectedAntiAffinity(template: PodTemplateSpec, rollout: Rollout): PodTemplateSpec {
  const rule = antiAffinityOf(rollout);
  const affinity = template.spec?.affinity as Json | undefined;
  const anti = affinity?.podAntiAffinity as PodAntiAffinity | undefined;
  if (!rule || !affinity || !anti) return template;
  const next: PodAntiAffinity = { ...anti };
  if (rule.preferredWeight !== undefined) {
    const terms = anti.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const index = terms.findIndex((weighted) => isInjected(weighted.podAffinityTerm));
    if (index < 0) return template;
    next.preferredDuringSchedulingIgnoredDuringExecution = terms.filter((_, i) => i !== index);
    if (next.preferredDuringSchedulingIgnoredDuringExecution.length === 0)
      delete next.preferredDuringSchedulingIgnoredDuringExecution;
  } else {
    const terms = anti.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const index = terms.findIndex(isInjected);
    if (index < 0) return template;
    next.requiredDuringSchedulingIgnoredDuringExecution = terms.filter((_, i) => i !== index);
    if (next.requiredDuringSchedulingIgnoredDuringExecution.length === 0)
      delete next.requiredDuringSchedulingIgnoredDuringExecution;
  }
  const nextAffinity: Json = { ...affinity, podAntiAffinity: next };
  if (Object.keys(next).length === 0) delete nextAffinity.podAntiAffinity;
  const { affinity: _replaced, ...rest } = template.spec ?? { containers: [] };
  const spec = Object.keys(nextAffinity).length === 0 ? rest : { ...rest, affinity: nextAffinity };
  return { ...template, spec };
}
