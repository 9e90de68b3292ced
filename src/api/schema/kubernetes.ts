// The Kubernetes types that argoproj.io kinds embed, picked from the generated definitions.
import { coreDefinition } from './core.generated.ts';
import { ref, type Schema } from './vocabulary.ts';

function kubernetes(name: string): Schema {
  return ref(name, () => coreDefinition(name));
}

export const ObjectMeta = kubernetes('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
export const LabelSelector = kubernetes('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector');
export const PodTemplateSpec = kubernetes('io.k8s.api.core.v1.PodTemplateSpec');
export const JobSpec = kubernetes('io.k8s.api.batch.v1.JobSpec');
export const ServiceObject = kubernetes('io.k8s.api.core.v1.Service');
export const DeploymentObject = kubernetes('io.k8s.api.apps.v1.Deployment');
export const ReplicaSetObject = kubernetes('io.k8s.api.apps.v1.ReplicaSet');
