// The argoproj.io/v1alpha1 model and the objects a Rollout refers to.
export type * from './meta.ts';
export type * from './pod.ts';
export type * from './rollout.ts';
export type * from './rollout-status.ts';
export type * from './rollout-analysis.ts';
export type * from './traffic-routing.ts';
export type * from './analysis.ts';
export type * from './experiment.ts';
export type * from './core.ts';
export type * from './istio.ts';
export type * from './route-object.ts';

import type { Rollout } from './rollout.ts';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from './analysis.ts';
import type { Experiment } from './experiment.ts';
import type { Deployment, ReplicaSet, Service } from './core.ts';
import type { DestinationRule, VirtualService } from './istio.ts';
import type { RouteKindObject } from './route-object.ts';

/** Every kind the model parses. */
export type KnownObject =
  | Rollout
  | AnalysisTemplate
  | ClusterAnalysisTemplate
  | AnalysisRun
  | Experiment
  | Service
  | Deployment
  | ReplicaSet
  | VirtualService
  | DestinationRule
  | RouteKindObject;
