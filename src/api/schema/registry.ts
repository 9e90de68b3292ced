// Which apiVersion/kind pairs sluice reads, and the schema of each.
import { anyObject, object, resolved, string, type ObjectSchema, type Schema } from './vocabulary.ts';
import { Rollout } from './kinds/rollout.ts';
import { AnalysisRun, AnalysisTemplate } from './kinds/analysis.ts';
import { Experiment } from './kinds/experiment.ts';
import { DestinationRule, VirtualService } from './kinds/istio.ts';
import { DeploymentObject, ObjectMeta, ReplicaSetObject, ServiceObject } from './kubernetes.ts';
import { apiVersionsOf, KIND_TABLE, type KindInfo } from '../kinds.ts';
import { ROUTE_KINDS, routeApiVersionsOf } from '../route-kinds.ts';

export interface KindEntry {
  kind: string;
  apiVersions: readonly string[];
  schema: Schema;
  /** Namespaced kinds get `default` when metadata.namespace is not given. */
  namespaced: boolean;
}

/**
 * Kubernetes' own validation refuses a Deployment or ReplicaSet without a spec (its selector is
 * required), which their OpenAPI schemas do not say: without it the rules would read a spec that
 * is not there.
 */
function withRequired(schema: Schema, ...fields: string[]): ObjectSchema {
  const concrete = resolved(schema);
  if (concrete.type !== 'object') throw new Error('withRequired: not an object schema');
  return { ...concrete, required: [...(concrete.required ?? []), ...fields] };
}

/** The registry entry of a kind of the table in ../kinds.ts. */
function read(info: KindInfo, schema: Schema): KindEntry {
  return { kind: info.kind, apiVersions: apiVersionsOf(info), schema, namespaced: info.namespaced };
}

export const KINDS: readonly KindEntry[] = [
  read(KIND_TABLE.Rollout, Rollout),
  read(KIND_TABLE.AnalysisTemplate, AnalysisTemplate),
  read(KIND_TABLE.ClusterAnalysisTemplate, AnalysisTemplate),
  read(KIND_TABLE.AnalysisRun, AnalysisRun),
  read(KIND_TABLE.Experiment, Experiment),
  read(KIND_TABLE.Service, ServiceObject),
  read(KIND_TABLE.Deployment, withRequired(DeploymentObject, 'spec')),
  read(KIND_TABLE.ReplicaSet, withRequired(ReplicaSetObject, 'spec')),
  read(KIND_TABLE.VirtualService, VirtualService),
  read(KIND_TABLE.DestinationRule, DestinationRule),
  ...routeKindEntries(),
];

/**
 * The traffic routers' provider objects (Ingress, HTTPRoute, TrafficSplit, ...): read so the
 * local runtime can hold them; their specs are the routers' to check (their lint references).
 */
function routeKindEntries(): KindEntry[] {
  const schema = object({
    apiVersion: string(),
    kind: string(),
    metadata: ObjectMeta,
    spec: anyObject(),
    status: anyObject(),
  });
  const kinds = [...new Set(ROUTE_KINDS.map((info) => info.kind))];
  return kinds.map((kind) => ({ kind, apiVersions: routeApiVersionsOf(kind), schema, namespaced: true }));
}

export function kindEntry(kind: string): KindEntry | undefined {
  return KINDS.find((entry) => entry.kind === kind);
}
