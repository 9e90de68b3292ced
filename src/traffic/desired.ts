// The traffic state a router must put in place. The engine emits it in its `setTraffic` action
// and re-exports these types (src/engine/types.ts); they live in this layer so the traffic
// builders do not depend on the engine.
import type { ServiceRoles } from '../api/ping-pong.ts';
import type { HeaderRoutingMatch, RouteMatch } from '../api/types/rollout.ts';

export interface HeaderRoute {
  name: string;
  match: HeaderRoutingMatch[];
}

export interface MirrorRoute {
  name: string;
  match: RouteMatch[];
  /** 0..100 of the matching requests copied to the canary. */
  percentage: number;
}

/** A destination weighed besides stable and canary: the Service of an experiment template with a `weight`. */
export interface WeightedDestination {
  serviceName: string;
  podTemplateHash: string;
  /** 0..100 of the traffic; taken from the stable's share. */
  weight: number;
}

/** The complete traffic state to put in place (idempotent, not a delta). */
export interface DesiredTraffic {
  stableHash: string;
  canaryHash: string;
  /** 0..100 (Istio weights are percentages; validation refuses maxTrafficWeight with Istio); stable gets 100 - canaryWeight. */
  canaryWeight: number;
  headerRoutes: HeaderRoute[];
  mirrorRoutes: MirrorRoute[];
  /**
   * The Services weighed as stable and canary in this state when they take turns (ping-pong,
   * src/api/ping-pong.ts); without it a router weighs the rollout's stableService and canaryService.
   */
  services?: ServiceRoles;
  /** Experiment destinations (Argo's additional WeightDestinations); the stable gets what the others leave. */
  additional?: WeightedDestination[];
  /**
   * The ping and pong Services in their roles of the status as read, whenever the rollout has
   * pingPong: the ALB router weighs them even when stableService and canaryService are set (Argo's
   * ALB router prefers ping-pong; in a mixed ALB + Istio rollout those two Services are Istio's).
   */
  pingPong?: ServiceRoles;
}

/** Something in the referenced objects (or the desired state) that stops the change, said so a user can fix it. */
export interface TrafficProblem {
  /** The object concerned, e.g. `VirtualService demo/web-vs`. */
  object: string;
  /** Field path inside it, e.g. `spec.http[name=primary].route`; '' for the object as a whole. */
  path: string;
  message: string;
}

export function formatProblem(problem: TrafficProblem): string {
  const where = problem.path ? `${problem.object} ${problem.path}` : problem.object;
  return `${where}: ${problem.message}`;
}
