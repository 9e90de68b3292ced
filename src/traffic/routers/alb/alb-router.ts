// The AWS ALB TrafficRouter, written once for both runtimes over the RouteObjectStore port: it
// writes the action, condition and managed annotations Argo Rollouts writes on the rollout's
// Ingresses, staged (src/traffic/staged.ts) so it can change traffic together with other routers.
// The AWS Load Balancer Controller turns them into listener rules and target-group
// weights; checking those needs the AWS API, which sluice does not call: verify says
// 'cannot-verify', always.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { TrafficInPlace, Verification } from '../../router.ts';
import { applyStaged, stageObjectWrites, type StagedTrafficRouter } from '../../staged.ts';
import { type Ingress, ingressRef } from '../ingress/ingress.ts';
import { observeAlbTraffic } from './observe.ts';
import { albIngressNames, type IngressesByName, planAlbTraffic } from './plan.ts';

async function readIngresses(rollout: Rollout, store: RouteObjectStore): Promise<IngressesByName> {
  const namespace = rollout.metadata.namespace ?? 'default';
  const found = new Map<string, Ingress>();
  for (const name of albIngressNames(rollout)) {
    const object = await store.get(ingressRef(namespace, name));
    if (object) found.set(name, object as Ingress);
  }
  return found;
}

export function createAlbTrafficRouter(rollout: Rollout, store: RouteObjectStore): StagedTrafficRouter {
  async function stage(desired: DesiredTraffic) {
    const plan = planAlbTraffic(rollout, desired, await readIngresses(rollout, store));
    return stageObjectWrites(store, plan.writes, plan.problems);
  }
  return {
    type: 'alb',
    canVerify: false,
    stage,
    apply: async (desired) => applyStaged(await stage(desired)),
    async observe(): Promise<TrafficInPlace> {
      return observeAlbTraffic(rollout, await readIngresses(rollout, store));
    },
    async verify(_desired: DesiredTraffic): Promise<Verification> {
      return 'cannot-verify';
    },
  };
}
