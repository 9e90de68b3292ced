// spec.strategy.canary.trafficRouting beyond the schema: Argo's rules for the nginx and alb
// ingresses. The routers sluice does not route with yet are warned of by capability-rules.ts.
import type { Rollout } from '../types/rollout.ts';
import type { Finding } from './finding.ts';

const BASE = ['spec', 'strategy', 'canary'];

export function trafficRouterFindings(rollout: Rollout): Finding[] {
  const canary = rollout.spec.strategy.canary;
  const routing = canary?.trafficRouting;
  if (!canary) return [];
  const findings: Finding[] = [];
  if (routing) {
    const nginx = routing.nginx as { stableIngress?: string; stableIngresses?: string[] } | undefined;
    if (nginx && Boolean(nginx.stableIngress) === (nginx.stableIngresses ?? []).length > 0) {
      findings.push({
        path: [...BASE, 'trafficRouting', 'nginx'],
        message: 'set exactly one of stableIngress and stableIngresses',
      });
    }
    const alb = routing.alb as { ingress?: string; ingresses?: string[] } | undefined;
    if (alb && Boolean(alb.ingress) === (alb.ingresses ?? []).length > 0) {
      findings.push({ path: [...BASE, 'trafficRouting', 'alb'], message: 'set exactly one of ingress and ingresses' });
    }
  }
  return findings;
}
