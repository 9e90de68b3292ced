// Ping-pong canaries (spec.strategy.canary.pingPong): two Services, ping and pong, take turns as the
// stable one. status.canary.stablePingPong says which is stable now: 'ping', or pong while it is
// unset (before the first rollout completes). Each completed rollout hands the stable role to the
// other Service, which already selects the new pods (it was the canary). These are Argo's rules
// (GetStableAndCanaryServices, IsStablePing); the engine, the traffic routers and the views share them.
import type { Rollout } from './types/rollout.ts';

/** status.canary.stablePingPong */
export type StablePingPong = 'ping' | 'pong' | undefined;

export interface ServiceRoles {
  stable: string;
  canary: string;
}

/** The ping and pong Services in their roles for `stablePingPong`; undefined when the rollout has no pingPong. */
export function pingPongRoles(rollout: Rollout, stablePingPong: StablePingPong): ServiceRoles | undefined {
  const pingPong = rollout.spec.strategy?.canary?.pingPong;
  if (!pingPong) return undefined;
  return stablePingPong === 'ping'
    ? { stable: pingPong.pingService, canary: pingPong.pongService }
    : { stable: pingPong.pongService, canary: pingPong.pingService };
}

/**
 * The Services a host-level traffic router weighs as stable and canary: ping and pong in their
 * roles when the rollout uses pingPong and names neither stableService nor canaryService (as Argo's
 * Istio router decides), otherwise stableService and canaryService ('' when unset).
 */
export function routedServiceRoles(rollout: Rollout, stablePingPong: StablePingPong): ServiceRoles {
  const canary = rollout.spec.strategy?.canary;
  const roles = !canary?.stableService && !canary?.canaryService ? pingPongRoles(rollout, stablePingPong) : undefined;
  return roles ?? { stable: canary?.stableService ?? '', canary: canary?.canaryService ?? '' };
}

/** The role `stablePingPong` takes when a rollout completes: the other Service becomes stable. */
export function nextStablePingPong(stablePingPong: StablePingPong): 'ping' | 'pong' {
  return stablePingPong === 'ping' ? 'pong' : 'ping';
}
