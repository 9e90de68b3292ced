// What the engine is given for one rollout, read from the informer caches: the rollout as stored,
// its pod template (resolved from workloadRef), its ReplicaSets and their pods, its AnalysisRuns,
// the traffic last put in place, the selectors of its Services, and the problems with its spec and
// the objects it names (each becomes part of the InvalidSpec condition).
import type { Rollout } from '../../../api/types/rollout.ts';
import { namedAnalyses, referencedServices } from '../../../api/rollout-references.ts';
import { withResolvedTemplate, workloadRefTarget } from '../../../api/workload-ref.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import type { DesiredTraffic, ObservedState } from '../../../engine/types.ts';
import { istioRefsOf } from '../../../traffic/routers/istio/references.ts';
import type { Workloads } from '../../workloads.ts';
import { observeAnalysisRuns } from './analysis-runs.ts';
import type { RolloutCaches } from './caches.ts';
import { rolloutSpecProblems } from './spec-validation.ts';

export interface ObserveInput {
  rollout: Rollout;
  caches: RolloutCaches;
  workloads: Workloads;
  /** The traffic this process last put in place for the rollout (undefined after a start or an outside change: applied again). */
  appliedTraffic: DesiredTraffic | undefined;
}

function referenceProblems(rollout: Rollout, namespace: string, caches: RolloutCaches): string[] {
  const problems: string[] = [];
  for (const ref of referencedServices(rollout)) {
    if (!caches.services.getByName(namespace, ref.name)) problems.push(`${ref.field}: Service "${ref.name}" not found in namespace "${namespace}"; create it`);
  }
  const istio = istioRefsOf(rollout);
  for (const vs of istio?.virtualServices ?? []) {
    if (!caches.virtualServices.getByName(vs.namespace, vs.name)) problems.push(`${vs.field}: VirtualService "${vs.name}" not found in namespace "${vs.namespace}"; create it`);
  }
  const rule = istio?.destinationRule;
  if (rule && !caches.destinationRules.getByName(rule.namespace, rule.name)) {
    problems.push(`spec.strategy.canary.trafficRouting.istio.destinationRule: DestinationRule "${rule.name}" not found in namespace "${rule.namespace}"; create it`);
  }
  for (const { field, analysis } of namedAnalyses(rollout)) {
    for (const [index, ref] of (analysis?.templates ?? []).entries()) {
      const name = ref.templateName ?? '';
      const found = ref.clusterScope ? caches.clusterAnalysisTemplates.getByName('', name) : caches.analysisTemplates.getByName(namespace, name);
      if (found) continue;
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      problems.push(`${field}.templates[${index}].templateName: ${kind} "${name}" not found${ref.clusterScope ? '' : ` in namespace "${namespace}"`}; create it`);
    }
  }
  return problems;
}

/** The rollout with its workloadRef resolved, and what is missing for that. */
export function resolveTemplate(rollout: Rollout, caches: RolloutCaches): { rollout: Rollout; problem?: string } {
  if (!rollout.spec.workloadRef) return { rollout };
  const namespace = rollout.metadata.namespace ?? 'default';
  const target = workloadRefTarget(rollout);
  const source = target ? (target.kind === 'Deployment' ? caches.deployments.getByName(namespace, target.name) : caches.replicaSets.getByName(namespace, target.name)) : undefined;
  const resolved = withResolvedTemplate(rollout, source);
  if (source) return { rollout: resolved };
  const ref = rollout.spec.workloadRef;
  return { rollout: resolved, problem: `spec.workloadRef: ${ref.kind} "${ref.name}" not found in namespace "${namespace}"; create it or fix the reference` };
}

export async function observeRollout(input: ObserveInput): Promise<ObservedState> {
  const { caches } = input;
  const namespace = input.rollout.metadata.namespace ?? 'default';
  const problems = rolloutSpecProblems(input.rollout);
  const resolved = resolveTemplate(input.rollout, caches);
  if (resolved.problem) problems.push(resolved.problem);
  const rollout = resolved.rollout;
  problems.push(...referenceProblems(rollout, namespace, caches));
  const serviceSelectors: Record<string, string> = {};
  for (const ref of referencedServices(rollout)) {
    const service = caches.services.getByName(namespace, ref.name);
    if (service) serviceSelectors[ref.name] = service.spec.selector?.[POD_TEMPLATE_HASH_LABEL] ?? '';
  }
  const observed: ObservedState = {
    rollout: input.rollout,
    template: structuredClone(rollout.spec.template ?? {}),
    replicaSets: await input.workloads.observe(),
    analysisRuns: observeAnalysisRuns(caches, input.rollout.metadata.uid ?? ''),
    serviceSelectors,
  };
  if (rollout.spec.strategy?.canary?.trafficRouting) {
    // Envoy's configuration is not visible from the objects: the router cannot verify, so nothing is claimed.
    observed.traffic = { applied: input.appliedTraffic, verified: 'cannot-verify' };
  }
  if (problems.length > 0) observed.referenceErrors = problems;
  return observed;
}
