// What the engine is given for one rollout, read through the ports: the rollout as stored, its pod
// template (resolved from workloadRef), its ReplicaSets and their pods, its AnalysisRuns, the traffic
// last put in place and whether the router verifies it, the selectors of its Services, and the
// problems with its spec and the objects it names (each becomes part of the InvalidSpec condition).
import { namedAnalyses, referencedServices } from '../../api/rollout-references.ts';
import { isFrozenObject } from '../../api/deep-freeze.ts';
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import { withResolvedTemplate, workloadRefTarget } from '../../api/workload-ref.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import type { DesiredTraffic, ObservedState } from '../../engine/types.ts';
import type { TrafficRouter } from '../../traffic/router.ts';
import { istioRefsOf } from '../../traffic/routers.ts';
import type { Workloads } from '../workloads.ts';
import { observeAnalysisRuns } from './analysis-runs.ts';
import { observeRolloutExperiment } from './experiments.ts';
import type { MissingObjectHints, RolloutReader } from './ports.ts';

export interface ObserveOptions {
  reader: RolloutReader;
  workloads: Workloads;
  router: TrafficRouter;
  appliedTraffic: DesiredTraffic | undefined;
  hints: MissingObjectHints;
  /** Problems with the Rollout's spec as stored (the controller checks what the API server accepted; the local store checked at apply). */
  specProblems?: (rollout: Rollout) => string[];
}

/** The rollout with its workloadRef resolved, and what is missing for that. */
export function resolveTemplate(
  rollout: Stored<Rollout>,
  reader: RolloutReader,
  hints: MissingObjectHints,
): { rollout: Stored<Rollout>; problem?: string } {
  if (!rollout.spec.workloadRef) return { rollout };
  const namespace = rollout.metadata.namespace;
  const target = workloadRefTarget(rollout);
  const source = target
    ? target.kind === 'Deployment'
      ? reader.get('Deployment', namespace, target.name)
      : reader.get('ReplicaSet', namespace, target.name)
    : undefined;
  const resolved = withResolvedTemplate(rollout, source);
  if (source) return { rollout: resolved };
  const ref = rollout.spec.workloadRef;
  return {
    rollout: resolved,
    problem: `spec.workloadRef: ${ref.kind} "${ref.name}" not found in namespace "${namespace}"; ${hints.workloadRef}`,
  };
}

/**
 * The stored Rollout, with the selector of its workloadRef source when it has none of its own (as
 * Argo's SetResolvedSelector). Its template stays as stored: the engine checks that it is empty.
 */
function withResolvedSelector(stored: Stored<Rollout>, resolved: Rollout): Stored<Rollout> {
  if (stored.spec.selector || !resolved.spec.selector) return stored;
  return { ...stored, spec: { ...stored.spec, selector: resolved.spec.selector } };
}

/** The Deployment the rollout's workloadRef names, with its replicas (1 when unset) and generation, when the reader holds it. */
export function workloadRefDeployment(
  rollout: Stored<Rollout>,
  reader: RolloutReader,
): { name: string; replicas: number; generation?: number } | undefined {
  const target = workloadRefTarget(rollout);
  if (target?.kind !== 'Deployment') return undefined;
  const deployment = reader.get('Deployment', rollout.metadata.namespace, target.name);
  if (!deployment) return undefined;
  const { generation } = deployment.metadata;
  return {
    name: target.name,
    replicas: deployment.spec.replicas ?? 1,
    ...(generation === undefined ? {} : { generation }),
  };
}

/** Every object the rollout names that the reader does not hold, as a problem with its field. */
export function referenceProblems(rollout: Stored<Rollout>, reader: RolloutReader, hint: string): string[] {
  const namespace = rollout.metadata.namespace;
  const problems: string[] = [];
  for (const ref of referencedServices(rollout)) {
    if (!reader.get('Service', namespace, ref.name))
      problems.push(`${ref.field}: Service "${ref.name}" not found in namespace "${namespace}"; ${hint}`);
  }
  const istio = istioRefsOf(rollout);
  for (const vs of istio?.virtualServices ?? []) {
    if (!reader.get('VirtualService', vs.namespace, vs.name))
      problems.push(`${vs.field}: VirtualService "${vs.name}" not found in namespace "${vs.namespace}"; ${hint}`);
  }
  const rule = istio?.destinationRule;
  if (rule && !reader.get('DestinationRule', rule.namespace, rule.name)) {
    problems.push(
      `spec.strategy.canary.trafficRouting.istio.destinationRule: DestinationRule "${rule.name}" not found in namespace "${rule.namespace}"; ${hint}`,
    );
  }
  for (const { field, analysis } of namedAnalyses(rollout)) {
    for (const [index, ref] of (analysis?.templates ?? []).entries()) {
      const name = ref.templateName ?? '';
      const found = ref.clusterScope
        ? reader.get('ClusterAnalysisTemplate', '', name)
        : reader.get('AnalysisTemplate', namespace, name);
      if (found) continue;
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      problems.push(
        `${field}.templates[${index}].templateName: ${kind} "${name}" not found${ref.clusterScope ? '' : ` in namespace "${namespace}"`}; ${hint}`,
      );
    }
  }
  return problems;
}

/**
 * App Mesh's VirtualRouter is named by its VirtualService, not by the Rollout, so no watch can lead
 * a change to it back to the rollout: each pass reads it (as Argo's reconcile writes it each time),
 * and a re-applied VirtualRouter gets its weights back at the rollout's next reconcile. The other
 * routers' objects are watched (a change clears the memory of what was applied).
 */
const UNWATCHED_ROUTERS = new Set(['appmesh']);

/** `applied`, or undefined when the objects of an unwatched router no longer show it: apply it again. */
async function stillInPlace(
  router: TrafficRouter,
  applied: DesiredTraffic | undefined,
): Promise<DesiredTraffic | undefined> {
  if (!applied || !router.type.split('+').every((type) => UNWATCHED_ROUTERS.has(type))) return applied;
  const inPlace = await router.observe();
  if (!inPlace) return applied;
  const weightsMoved = inPlace.routes.some((route) => route.canaryWeight !== applied.canaryWeight);
  const wanted = applied.headerRoutes.map((route) => route.name);
  const routesMoved = JSON.stringify(inPlace.headerRoutes) !== JSON.stringify(wanted);
  return weightsMoved || routesMoved || inPlace.problems.length > 0 ? undefined : applied;
}

/**
 * The template the engine is given, its own to keep: a frozen one (deepFreeze: the controller's,
 * read once per version of the Rollout) is shared as it is, since nobody can change it; any other
 * is copied.
 */
function ownTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  if (template === undefined) return {};
  return isFrozenObject(template) ? template : structuredClone(template);
}

export async function observeRollout(stored: Stored<Rollout>, options: ObserveOptions): Promise<ObservedState> {
  const { reader } = options;
  const namespace = stored.metadata.namespace;
  const problems = options.specProblems?.(stored) ?? [];
  const resolved = resolveTemplate(stored, reader, options.hints);
  if (resolved.problem) problems.push(resolved.problem);
  const rollout = resolved.rollout;
  problems.push(...referenceProblems(rollout, reader, options.hints.object));
  const serviceSelectors: Record<string, string> = {};
  for (const ref of referencedServices(rollout)) {
    const service = reader.get('Service', namespace, ref.name);
    if (service) serviceSelectors[ref.name] = service.spec.selector?.[POD_TEMPLATE_HASH_LABEL] ?? '';
  }
  const observed: ObservedState = {
    rollout: withResolvedSelector(stored, rollout),
    template: ownTemplate(rollout.spec.template),
    replicaSets: await options.workloads.observe(),
    analysisRuns: observeAnalysisRuns(stored, reader),
    experiments: reader.experimentsOf(stored).map(observeRolloutExperiment),
    serviceSelectors,
  };
  const deployment = workloadRefDeployment(stored, reader);
  if (deployment) observed.workloadRefDeployment = deployment;
  if (rollout.spec.strategy?.canary?.trafficRouting) {
    const applied = await stillInPlace(options.router, options.appliedTraffic);
    // The router says whether it can tell what is served; a router that cannot claims nothing.
    const verified = !options.router.canVerify
      ? 'cannot-verify'
      : applied
        ? await options.router.verify(applied)
        : false;
    observed.traffic = { applied, verified };
  }
  if (problems.length > 0) observed.referenceErrors = problems;
  return observed;
}
