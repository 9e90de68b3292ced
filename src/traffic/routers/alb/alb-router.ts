// The AWS ALB TrafficRouter, written once for both runtimes over the RouteObjectStore port: it
// writes the action, condition and managed annotations Argo Rollouts writes on the rollout's
// Ingresses. The AWS Load Balancer Controller turns them into listener rules and target-group
// weights; checking those needs the AWS API, which sluice does not call: verify says
// 'cannot-verify', always.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import type { RouteObjectStore } from '../../route-objects.ts';
import type { ApplyResult, TrafficInPlace, TrafficRouter, Verification } from '../../router.ts';
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

export function createAlbTrafficRouter(rollout: Rollout, store: RouteObjectStore): TrafficRouter {
  return {
    type: 'alb',
    canVerify: false,
    async apply(desired: DesiredTraffic): Promise<ApplyResult> {
      const plan = planAlbTraffic(rollout, desired, await readIngresses(rollout, store));
      if (plan.problems.length > 0) return { changed: false, problems: plan.problems };
      for (const ingress of plan.writes) await store.update(ingress);
      return { changed: plan.writes.length > 0, problems: [] };
    },
    async observe(): Promise<TrafficInPlace> {
      return observeAlbTraffic(rollout, await readIngresses(rollout, store));
    },
    async verify(_desired: DesiredTraffic): Promise<Verification> {
      return 'cannot-verify';
    },
  };
}
