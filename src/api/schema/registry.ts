// Which apiVersion/kind pairs sluice reads, and the schema of each.
import { resolved, type ObjectSchema, type Schema } from './vocabulary.ts';
import { Rollout } from './kinds/rollout.ts';
import { AnalysisRun, AnalysisTemplate } from './kinds/analysis.ts';
import { Experiment } from './kinds/experiment.ts';
import { DestinationRule, VirtualService } from './kinds/istio.ts';
import { DeploymentObject, ReplicaSetObject, ServiceObject } from './kubernetes.ts';

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

const ISTIO_VERSIONS = ['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1', 'networking.istio.io/v1'];

export const KINDS: readonly KindEntry[] = [
  { kind: 'Rollout', apiVersions: ['argoproj.io/v1alpha1'], schema: Rollout, namespaced: true },
  { kind: 'AnalysisTemplate', apiVersions: ['argoproj.io/v1alpha1'], schema: AnalysisTemplate, namespaced: true },
  { kind: 'ClusterAnalysisTemplate', apiVersions: ['argoproj.io/v1alpha1'], schema: AnalysisTemplate, namespaced: false },
  { kind: 'AnalysisRun', apiVersions: ['argoproj.io/v1alpha1'], schema: AnalysisRun, namespaced: true },
  { kind: 'Experiment', apiVersions: ['argoproj.io/v1alpha1'], schema: Experiment, namespaced: true },
  { kind: 'Service', apiVersions: ['v1'], schema: ServiceObject, namespaced: true },
  { kind: 'Deployment', apiVersions: ['apps/v1'], schema: withRequired(DeploymentObject, 'spec'), namespaced: true },
  { kind: 'ReplicaSet', apiVersions: ['apps/v1'], schema: withRequired(ReplicaSetObject, 'spec'), namespaced: true },
  { kind: 'VirtualService', apiVersions: ISTIO_VERSIONS, schema: VirtualService, namespaced: true },
  { kind: 'DestinationRule', apiVersions: ISTIO_VERSIONS, schema: DestinationRule, namespaced: true },
];

export function kindEntry(kind: string): KindEntry | undefined {
  return KINDS.find((entry) => entry.kind === kind);
}
