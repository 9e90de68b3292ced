// What the engine is given for one rollout: the rollout as stored, its pod template (resolved from
// workloadRef), its ReplicaSets and pods, its AnalysisRuns, the traffic the router put in place, the
// selectors of its Services, and the referenced objects that are missing.
import { referencedServices } from '../../../api/rollout-references.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { withResolvedTemplate, workloadRefTarget } from '../../../api/workload-ref.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import type { DesiredTraffic, ObservedState } from '../../../engine/types.ts';
import type { TrafficRouter } from '../../../traffic/router.ts';
import { istioRefsOf } from '../../../traffic/routers/istio/references.ts';
import type { Workloads } from '../../workloads.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { observeAnalysisRuns } from './analysis-runs.ts';
import { missingTemplates } from './template-references.ts';

export interface ObserveInput {
  rollout: Rollout;
  namespace: string;
  store: ObjectStore;
  workloads: Workloads;
  router: TrafficRouter;
  /** The last traffic state the router applied for this rollout (undefined after a restart: applied again). */
  appliedTraffic: DesiredTraffic | undefined;
}

export async function observeRollout(input: ObserveInput): Promise<ObservedState> {
  const { namespace, store } = input;
  const referenceErrors: string[] = [];
  let rollout = input.rollout;
  const target = workloadRefTarget(rollout);
  if (rollout.spec.workloadRef) {
    const source = target ? (target.kind === 'Deployment' ? store.get('Deployment', namespace, target.name) : store.get('ReplicaSet', namespace, target.name)) : undefined;
    if (!source) referenceErrors.push(`spec.workloadRef: ${rollout.spec.workloadRef.kind} "${rollout.spec.workloadRef.name}" not found in namespace "${namespace}"; apply it with the rollout`);
    rollout = withResolvedTemplate(rollout, source);
  }
  const serviceSelectors: Record<string, string> = {};
  for (const ref of referencedServices(rollout)) {
    const service = store.get('Service', namespace, ref.name);
    if (!service) referenceErrors.push(`${ref.field}: Service "${ref.name}" not found in namespace "${namespace}"; apply it with the rollout`);
    else serviceSelectors[ref.name] = service.spec.selector?.[POD_TEMPLATE_HASH_LABEL] ?? '';
  }
  const istio = istioRefsOf(rollout);
  for (const vs of istio?.virtualServices ?? []) {
    if (!store.get('VirtualService', vs.namespace, vs.name)) referenceErrors.push(`${vs.field}: VirtualService "${vs.name}" not found in namespace "${vs.namespace}"; apply it with the rollout`);
  }
  if (istio?.destinationRule && !store.get('DestinationRule', istio.destinationRule.namespace, istio.destinationRule.name)) {
    referenceErrors.push(`spec.strategy.canary.trafficRouting.istio.destinationRule: DestinationRule "${istio.destinationRule.name}" not found in namespace "${istio.destinationRule.namespace}"; apply it with the rollout`);
  }
  referenceErrors.push(...missingTemplates(rollout, namespace, store));
  const observed: ObservedState = {
    rollout: input.rollout,
    template: structuredClone(rollout.spec.template ?? {}),
    replicaSets: await input.workloads.observe(),
    analysisRuns: observeAnalysisRuns(store, namespace, rollout.metadata.name ?? ''),
    serviceSelectors,
  };
  if (rollout.spec.strategy.canary?.trafficRouting) {
    const applied = input.appliedTraffic;
    observed.traffic = { applied, verified: applied ? await input.router.verify(applied) : false };
  }
  if (referenceErrors.length > 0) observed.referenceErrors = referenceErrors;
  return observed;
}
