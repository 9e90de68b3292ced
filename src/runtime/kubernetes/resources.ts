// The custom resources sluice reads and writes (Argo Rollouts' kinds, Istio's), next to the
// built-in kinds of src/platform/kubernetes/client/resources.ts.
import { coreResources, custom } from '../../platform/kubernetes/client/resources.ts';

export type IstioVersion = 'v1alpha3' | 'v1beta1' | 'v1';

export const argoResources = {
  rollouts: custom('Rollout', 'argoproj.io', 'v1alpha1', 'rollouts'),
  analysisTemplates: custom('AnalysisTemplate', 'argoproj.io', 'v1alpha1', 'analysistemplates'),
  clusterAnalysisTemplates: custom('ClusterAnalysisTemplate', 'argoproj.io', 'v1alpha1', 'clusteranalysistemplates', false),
  analysisRuns: custom('AnalysisRun', 'argoproj.io', 'v1alpha1', 'analysisruns'),
  experiments: custom('Experiment', 'argoproj.io', 'v1alpha1', 'experiments'),
} as const;

export function istioResources(version: IstioVersion = 'v1beta1') {
  return {
    virtualServices: custom('VirtualService', 'networking.istio.io', version, 'virtualservices'),
    destinationRules: custom('DestinationRule', 'networking.istio.io', version, 'destinationrules'),
  } as const;
}

/** Every kind sluice uses, with Istio at the given version. */
export function resourceTable(options: { istioVersion?: IstioVersion } = {}) {
  return { ...coreResources, ...argoResources, ...istioResources(options.istioVersion) };
}

export type ResourceTable = ReturnType<typeof resourceTable>;

