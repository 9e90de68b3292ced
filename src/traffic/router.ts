// The TrafficRouter port: put a desired traffic state in place, report what is in place, and verify
// it when the provider can. Implementations do their I/O in the runtimes; the decisions about what
// to change are pure builders (routers/<name>/).
import type { DesiredTraffic, TrafficProblem } from './desired.ts';

/** Weights found on one weighted route. */
export interface RouteWeightsInPlace {
  /** The object and route, e.g. `VirtualService demo/web-vs spec.http[name=primary]`. */
  where: string;
  canaryWeight: number;
  stableWeight: number;
}

export interface TrafficInPlace {
  /** The canary weight when every weighted route agrees on it; undefined otherwise or when nothing is weighted. */
  canaryWeight: number | undefined;
  routes: RouteWeightsInPlace[];
  /** Names of the managed header routes present, in the order the provider evaluates them. */
  headerRoutes: string[];
  /** Managed mirror routes present, with the share of matching requests mirrored. */
  mirrorRoutes: Array<{ name: string; percentage: number }>;
  /** Pod-template hashes the canary/stable destinations select, when the provider records them. */
  canaryHash?: string;
  stableHash?: string;
  /** Problems found while reading the objects (missing route, missing destination, ...). */
  problems: TrafficProblem[];
}

export interface ApplyResult {
  /** True when something was written. */
  changed: boolean;
  /** Non-empty: nothing was changed, and these say why. */
  problems: TrafficProblem[];
}

export type Verification = boolean | 'cannot-verify';

export interface TrafficRouter {
  /** A short name for messages and metrics: 'istio', 'none'. */
  readonly type: string;
  /**
   * Whether verify() can ever answer other than 'cannot-verify'. A runtime asks this before anything
   * is applied: a router that verifies reports "not verified" then, one that cannot says so.
   */
  readonly canVerify: boolean;
  /**
   * Put `desired` in place. Idempotent: applying the same state twice writes nothing the second time.
   * A state that cannot be applied as a whole changes nothing and returns its problems.
   */
  apply(desired: DesiredTraffic): Promise<ApplyResult>;
  /** What is in place now; undefined when the provider has nothing to report (no mesh). */
  observe(): Promise<TrafficInPlace | undefined>;
  /** Whether the provider serves `desired`; 'cannot-verify' when it has no way to tell (never a guess). */
  verify(desired: DesiredTraffic): Promise<Verification>;
}
