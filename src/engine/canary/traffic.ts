// Traffic for a canary with trafficRouting: the canary weight for this pass (Argo's
// reconcileTrafficRouting), header and mirror routes, the setTraffic action and status.canary.weights.
import type { TrafficWeights } from '../../api/types/rollout-status.ts';
import type { DesiredTraffic, ObservedReplicaSet } from '../types.ts';
import { maxTrafficWeightOf, replicasOf } from '../../api/defaults.ts';
import { pingPongRoles } from '../../api/ping-pong.ts';
import { jsonEqual } from '../../api/json-equal.ts';
import { emitEvent, type EngineContext } from '../core/context.ts';
import { Message, Reason } from '../core/conditions.ts';
import { isAborted } from '../core/pause.ts';
import { atDesiredCounts } from './replica-math.ts';
import { replicaProgressThresholdMet, thresholdOf } from './replica-progress.ts';
import { currentSetWeight, currentStep, stepsOf } from './steps.ts';
import { managedRoutesAt } from './routes.ts';
import { experimentDestinations } from './experiments.ts';
import type { WeightedDestination } from '../../traffic/desired.ts';

export interface TrafficOutcome {
  /** The canary Service must select the stable pods (abort). */
  canaryServiceToStable: boolean;
}

function fullyPromoted(ctx: EngineContext): boolean {
  return !!ctx.previous.stableRS && ctx.previous.stableRS === ctx.previous.currentPodHash;
}

/**
 * Argo's IsDynamicallyRollingBackToStable: the template went back to the stable revision while a
 * canary still took traffic, and with dynamicStableScale the stable is not fully available yet, so
 * the canary keeps its traffic (and its Service) until the stable can take it all.
 */
export function dynamicallyRollingBackToStable(ctx: EngineContext): boolean {
  const canary = ctx.rollout.spec.strategy.canary;
  const weights = ctx.previous.canary?.weights;
  const newRS = ctx.roles.newRS;
  return (
    fullyPromoted(ctx) &&
    !!canary?.trafficRouting &&
    !!canary.dynamicStableScale &&
    !!weights &&
    weights.canary.podTemplateHash !== (newRS?.podTemplateHash ?? '') &&
    (newRS?.availableReplicas ?? 0) < replicasOf(ctx.rollout)
  );
}

/** Weight when aborting or moving back to stable: 0 at once, or what the stable can take (dynamicStableScale). */
function weightOnAbort(ctx: EngineContext): number {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary?.dynamicStableScale) return 0;
  const replicas = replicasOf(ctx.rollout);
  const stableAvailable = ctx.roles.stableRS?.availableReplicas ?? 0;
  const total = maxTrafficWeightOf(ctx.rollout);
  let weight = total - Math.floor((total * stableAvailable) / Math.max(1, replicas));
  const previous = ctx.previous.canary?.weights;
  if (previous) weight = Math.min(weight, previous.canary.weight);
  return weight;
}

export function reconcileTraffic(ctx: EngineContext): TrafficOutcome {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary?.trafficRouting) {
    ctx.partial.canary = { ...ctx.partial.canary };
    delete ctx.partial.canary.weights;
    return { canaryServiceToStable: false };
  }
  const { newRS, stableRS, otherRSs } = ctx.roles;
  const { step, index } = currentStep(ctx.rollout, ctx.previous);
  let canaryHash = newRS?.podTemplateHash ?? '';
  const stableHash = stableRS?.podTemplateHash ?? '';
  let weight = 0;
  let routesIndex: number | undefined = index;
  let canaryServiceToStable = false;
  const previousWeights = ctx.previous.canary?.weights;
  let additional: WeightedDestination[] = [];

  const rollingBack = dynamicallyRollingBackToStable(ctx);
  if (rollingBack && previousWeights) {
    weight = weightOnAbort(ctx);
    canaryHash = previousWeights.canary.podTemplateHash ?? canaryHash;
  } else if (fullyPromoted(ctx)) {
    routesIndex = undefined;
  } else if (isAborted(ctx.pause)) {
    weight = weightOnAbort(ctx);
    canaryServiceToStable = !canary.dynamicStableScale || weight === 0;
    routesIndex = undefined;
  } else if (!newRS || newRS.availableReplicas === 0) {
    weight = 0;
    additional = experimentDestinations(ctx);
  } else if (ctx.previous.promoteFull) {
    if (canary.dynamicStableScale)
      weight = Math.floor(
        (maxTrafficWeightOf(ctx.rollout) * newRS.availableReplicas) / Math.max(1, replicasOf(ctx.rollout)),
      );
    else weight = previousWeights?.canary.weight ?? 0;
    routesIndex = undefined;
  } else if (index !== undefined) {
    const steps = stepsOf(ctx.rollout);
    if (!atDesiredCounts(ctx.rollout, ctx.previous, newRS, stableRS, otherRSs, undefined)) {
      weight = 0;
      for (let i = index - 1; i >= 0; i--) {
        const w = steps[i]?.setWeight;
        if (w !== undefined) {
          weight = w;
          break;
        }
      }
      additional = experimentDestinations(ctx);
    } else if (index !== steps.length) {
      weight = currentSetWeight(ctx.rollout, ctx.previous);
      additional = experimentDestinations(ctx);
    } else {
      weight = maxTrafficWeightOf(ctx.rollout);
    }
  }
  // Never send traffic to pods that are not there.
  const canaryTarget =
    canaryHash === newRS?.podTemplateHash ? newRS : ctx.roles.olderRSs.find((rs) => rs.podTemplateHash === canaryHash);
  if ((canaryTarget?.availableReplicas ?? 0) === 0) weight = 0;
  // Nor more to the stable pods than they can take (Argo's checkReplicasAvailable): the traffic in
  // place and its status are kept until enough stable pods are available.
  if (!stableCanTake(ctx, stableRS, maxTrafficWeightOf(ctx.rollout) - weight)) return { canaryServiceToStable };

  const routes =
    step !== undefined && routesIndex !== undefined && ctx.revision > 1
      ? managedRoutesAt(ctx.rollout, routesIndex)
      : { headerRoutes: [], mirrorRoutes: [] };
  // Weights are parts of maxTrafficWeight (100 by default); the router reads that total from the rollout.
  const desired: DesiredTraffic = { stableHash, canaryHash, canaryWeight: weight, ...routes };
  if (additional.length > 0) desired.additional = additional;
  const services = pingPongHosts(ctx);
  if (services) desired.services = services;
  const pingPong = pingPongRoles(ctx.rollout, ctx.previous.canary?.stablePingPong);
  if (pingPong) desired.pingPong = pingPong;
  if (!sameTraffic(ctx.observed.traffic?.applied, desired)) ctx.actions.push({ type: 'setTraffic', traffic: desired });

  const weights = weightStatus(ctx, desired);
  const verified = ctx.observed.traffic?.verified;
  if (typeof verified === 'boolean' && sameTraffic(ctx.observed.traffic?.applied, desired)) weights.verified = verified;
  else if (typeof verified === 'boolean') weights.verified = false;
  if (!sameWeights(previousWeights, weights)) {
    emitEvent(
      ctx,
      'Normal',
      Reason.TrafficWeightUpdated,
      Message.trafficWeightUpdated(weightChange(previousWeights, weights)),
    );
  }
  ctx.partial.canary = { ...ctx.partial.canary, weights };
  return { canaryServiceToStable };
}

/**
 * With pingPong, host-level splitting weighs ping and pong in the roles of the status as read (as
 * Argo's Istio router, only when neither stableService nor canaryService is set). They go into the
 * desired state itself, so the traffic of a pass never depends on a status the router has not seen.
 */
function pingPongHosts(ctx: EngineContext): DesiredTraffic['services'] {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary || canary.stableService || canary.canaryService || canary.trafficRouting?.istio?.destinationRule)
    return undefined;
  return pingPongRoles(ctx.rollout, ctx.previous.canary?.stablePingPong);
}

/**
 * Whether the stable ReplicaSet has the available pods for `stableWeight` of the traffic: the
 * share of spec.replicas rounded down, or fewer when the replicaProgressThreshold allows it.
 */
function stableCanTake(ctx: EngineContext, stableRS: ObservedReplicaSet | undefined, stableWeight: number): boolean {
  if (!stableRS) return false;
  const needed = Math.floor((stableWeight * replicasOf(ctx.rollout)) / maxTrafficWeightOf(ctx.rollout));
  return (
    stableRS.availableReplicas >= needed || replicaProgressThresholdMet(thresholdOf(ctx.rollout), stableRS, needed)
  );
}

function weightStatus(ctx: EngineContext, desired: DesiredTraffic): TrafficWeights {
  const canary = ctx.rollout.spec.strategy.canary;
  const others = (desired.additional ?? []).reduce((sum, destination) => sum + destination.weight, 0);
  const weights: TrafficWeights = {
    canary: { weight: desired.canaryWeight },
    stable: { weight: Math.max(0, maxTrafficWeightOf(ctx.rollout) - desired.canaryWeight - others) },
  };
  if (desired.additional) weights.additional = desired.additional.map((destination) => ({ ...destination }));
  if (canary?.canaryService) weights.canary.serviceName = canary.canaryService;
  if (desired.canaryHash) weights.canary.podTemplateHash = desired.canaryHash;
  if (canary?.stableService) weights.stable.serviceName = canary.stableService;
  if (desired.stableHash) weights.stable.podTemplateHash = desired.stableHash;
  return weights;
}

function sameTraffic(a: DesiredTraffic | undefined, b: DesiredTraffic): boolean {
  return a !== undefined && jsonEqual(a, b);
}

function sameWeights(a: TrafficWeights | undefined, b: TrafficWeights): boolean {
  if (!a) return false;
  return jsonEqual({ ...a, verified: undefined }, { ...b, verified: undefined });
}

/**
 * Argo's trafficWeightUpdatedMessage (v1.10.1 rollout/trafficrouting.go): "to N" for the first
 * weights, "from N to M" when the canary weight moved, the additional (experiment) weights as Go
 * prints them when they changed; a change of destination alone (a new canary hash) says nothing
 * more, so its message is "Traffic weight updated " as Argo's.
 */
function weightChange(previous: TrafficWeights | undefined, next: TrafficWeights): string {
  if (!previous) return `to ${next.canary.weight}`;
  const details: string[] = [];
  if (previous.canary.weight !== next.canary.weight)
    details.push(`from ${previous.canary.weight} to ${next.canary.weight}`);
  if (!jsonEqual(previous.additional ?? [], next.additional ?? [])) {
    const go = (next.additional ?? []).map(
      (destination) => `{${destination.weight} ${destination.serviceName ?? ''} ${destination.podTemplateHash ?? ''}}`,
    );
    details.push(`additional: [${go.join(' ')}]`);
  }
  return details.join(', ');
}
