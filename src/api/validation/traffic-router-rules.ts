// spec.strategy.canary.trafficRouting beyond the schema: Argo's rules for the nginx and alb
// ingresses, and a warning for every router sluice does not route with yet (such a Rollout is
// valid for Argo Rollouts; sluice's engine holds it with an InvalidSpec condition that says so).
import type { Rollout } from '../types/rollout.ts';
import { warning, type Finding } from './finding.ts';

const BASE = ['spec', 'strategy', 'canary'];
const ROUTERS = ['nginx', 'alb', 'smi', 'ambassador', 'appMesh', 'traefik', 'apisix', 'plugins'] as const;

export function trafficRouterFindings(rollout: Rollout): Finding[] {
  const canary = rollout.spec.strategy.canary;
  const routing = canary?.trafficRouting;
  if (!canary) return [];
  const findings: Finding[] = [];
  if (routing) {
    const nginx = routing.nginx as { stableIngress?: string; stableIngresses?: string[] } | undefined;
    if (nginx && Boolean(nginx.stableIngress) === (nginx.stableIngresses ?? []).length > 0) {
      findings.push({ path: [...BASE, 'trafficRouting', 'nginx'], message: 'set exactly one of stableIngress and stableIngresses' });
    }
    const alb = routing.alb as { ingress?: string; ingresses?: string[] } | undefined;
    if (alb && Boolean(alb.ingress) === (alb.ingresses ?? []).length > 0) {
      findings.push({ path: [...BASE, 'trafficRouting', 'alb'], message: 'set exactly one of ingress and ingresses' });
    }
    for (const router of ROUTERS) {
      if (routing[router] === undefined || routing[router] === null) continue;
      findings.push(
        warning(
          [...BASE, 'trafficRouting', router],
          `sluice does not route traffic with ${router} yet (only istio): Argo Rollouts accepts this Rollout, but sluice will hold it with an InvalidSpec condition; use istio or leave trafficRouting out for a replica-based canary`,
        ),
      );
    }
  }
  return findings;
}
