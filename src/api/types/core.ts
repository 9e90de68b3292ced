// The Kubernetes core objects a Rollout refers to: Service, Deployment (workloadRef), ReplicaSet.
import type { IntOrString, LabelSelector, TypedObject } from './meta.ts';
import type { PodTemplateSpec } from './pod.ts';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: IntOrString;
  protocol?: string;
  nodePort?: number;
  appProtocol?: string;
}

export interface Service extends TypedObject<'Service'> {
  spec: {
    selector?: Record<string, string>;
    ports?: ServicePort[];
    type?: string;
    clusterIP?: string;
    [field: string]: unknown;
  };
}

export interface Deployment extends TypedObject<'Deployment'> {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    [field: string]: unknown;
  };
}

export interface ReplicaSet extends TypedObject<'ReplicaSet'> {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    fullyLabeledReplicas?: number;
    observedGeneration?: number;
  };
}
