// Argo Rollouts' rules for spec.strategy.canary, apart from the steps.
import type { Rollout } from '../types/rollout.ts';
import { DEFAULTS } from '../defaults.ts';
import { warning, type Finding } from './finding.ts';
import { trafficRouterFindings } from './traffic-router-rules.ts';
import { capabilityFindings } from './capability-rules.ts';
import { antiAffinityFindings, intOrPercentFindings, intOrPercentValue } from './strategy-rules.ts';
import { argumentFindings, canaryStepFindings } from './canary-step-rules.ts';

const BASE = ['spec', 'strategy', 'canary'];

export function canaryFindings(rollout: Rollout): Finding[] {
  const canary = rollout.spec.strategy.canary;
  if (!canary) return [];
  const findings: Finding[] = [];
  const add = (path: Finding['path'], message: string) => findings.push({ path, message });

  const maxSurge = canary.maxSurge ?? DEFAULTS.maxSurge;
  const maxUnavailable = canary.maxUnavailable ?? DEFAULTS.maxUnavailable;
  if (canary.maxSurge !== undefined) findings.push(...intOrPercentFindings(canary.maxSurge, [...BASE, 'maxSurge']));
  if (canary.maxUnavailable !== undefined)
    findings.push(...intOrPercentFindings(canary.maxUnavailable, [...BASE, 'maxUnavailable']));
  if (intOrPercentValue(maxSurge) === 0 && intOrPercentValue(maxUnavailable) === 0) {
    add(
      [...BASE, 'maxSurge'],
      'maxSurge and maxUnavailable are both 0, so no pod could ever be replaced: make one of them greater than 0',
    );
  }

  if (canary.canaryService && canary.stableService && canary.canaryService === canary.stableService) {
    add(
      [...BASE, 'stableService'],
      `canaryService and stableService are both "${canary.stableService}": they must be two different Services`,
    );
  }

  const routing = canary.trafficRouting;
  if (routing && needsCanaryAndStableServices(rollout)) {
    if (!canary.stableService)
      add([...BASE, 'stableService'], 'traffic routing needs both stableService and canaryService: add stableService');
    if (!canary.canaryService)
      add([...BASE, 'canaryService'], 'traffic routing needs both stableService and canaryService: add canaryService');
  }
  if (!routing) {
    if (canary.scaleDownDelaySeconds !== undefined) {
      add(
        [...BASE, 'scaleDownDelaySeconds'],
        'scaleDownDelaySeconds only applies with trafficRouting: remove it or configure spec.strategy.canary.trafficRouting',
      );
    }
    if (canary.dynamicStableScale) {
      add(
        [...BASE, 'dynamicStableScale'],
        'dynamicStableScale needs trafficRouting: remove it or configure spec.strategy.canary.trafficRouting',
      );
    }
  } else {
    if (canary.dynamicStableScale && canary.scaleDownDelaySeconds !== undefined) {
      add(
        [...BASE, 'dynamicStableScale'],
        'dynamicStableScale cannot be combined with scaleDownDelaySeconds: remove one of them',
      );
    }
    if (routing.maxTrafficWeight !== undefined && !routing.nginx && Object.keys(routing.plugins ?? {}).length === 0) {
      add(
        [...BASE, 'trafficRouting', 'maxTrafficWeight'],
        'maxTrafficWeight is only supported with the nginx router or router plugins: remove it',
      );
    }
    const istio = routing.istio;
    if (istio && (istio.virtualService === undefined) === (istio.virtualServices === undefined)) {
      add([...BASE, 'trafficRouting', 'istio'], 'set exactly one of virtualService and virtualServices');
    }
  }

  const pingPong = canary.pingPong;
  if (pingPong) {
    if (routing && !routing.alb && !routing.istio && Object.keys(routing.plugins ?? {}).length === 0) {
      add([...BASE, 'trafficRouting'], 'pingPong works only with the alb or istio traffic routers or a router plugin');
    }
    if (!pingPong.pingService)
      add([...BASE, 'pingPong', 'pingService'], 'pingPong needs both pingService and pongService: add pingService');
    if (!pingPong.pongService)
      add([...BASE, 'pingPong', 'pongService'], 'pingPong needs both pingService and pongService: add pongService');
    if (pingPong.pingService && pingPong.pingService === pingPong.pongService) {
      add(
        [...BASE, 'pingPong', 'pingService'],
        `pingService and pongService are both "${pingPong.pingService}": they must be two different Services`,
      );
    }
    if (routing?.alb && !routing.alb.rootService)
      add([...BASE, 'trafficRouting', 'alb', 'rootService'], 'alb with pingPong needs rootService');
  }

  const threshold = canary.replicaProgressThreshold;
  if (threshold && threshold.type !== 'Percent' && threshold.type !== 'Pods') {
    findings.push(
      warning(
        [...BASE, 'replicaProgressThreshold', 'type'],
        `type "${threshold.type}" is neither Percent nor Pods: Argo Rollouts (and sluice) count it as a number of pods; write Pods or Percent`,
      ),
    );
  }

  const startingStep = canary.analysis?.startingStep;
  const stepCount = (canary.steps ?? []).length;
  if (startingStep !== undefined && startingStep !== 0 && (startingStep < 0 || startingStep >= stepCount)) {
    const range = stepCount === 0 ? 'the canary has no steps' : `the steps are numbered 0 to ${stepCount - 1}`;
    findings.push(
      warning(
        [...BASE, 'analysis', 'startingStep'],
        `${range}, so background analysis starting at step ${startingStep} would never run: use a step index in range`,
      ),
    );
  }
  findings.push(...trafficRouterFindings(rollout));
  findings.push(...antiAffinityFindings(canary.antiAffinity, [...BASE, 'antiAffinity']));
  findings.push(...argumentFindings(canary.analysis?.args ?? [], [...BASE, 'analysis', 'args']));
  findings.push(...canaryStepFindings(rollout));
  findings.push(...capabilityFindings(rollout));
  return findings;
}

/**
 * Routers that shift traffic between the stable and canary Services: not Istio subset-level, and
 * not ALB or Istio with pingPong (the ping and pong Services take their place), as Argo decides.
 */
function needsCanaryAndStableServices(rollout: Rollout): boolean {
  const canary = rollout.spec.strategy.canary;
  const routing = canary?.trafficRouting;
  if (!routing) return false;
  return (
    (routing.alb !== undefined && canary?.pingPong === undefined) ||
    (routing.istio !== undefined && routing.istio.destinationRule === undefined && canary?.pingPong === undefined) ||
    routing.smi !== undefined ||
    routing.apisix !== undefined ||
    routing.ambassador !== undefined ||
    routing.nginx !== undefined ||
    routing.appMesh !== undefined ||
    routing.traefik !== undefined
  );
}
