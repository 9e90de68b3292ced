// The objects an Experiment creates, as Argo's experiment controller builds them: a ReplicaSet per
// template (newReplicaSetFromTemplate) and a Service for a template that asks for one.
import type { ReplicaSet, Service, ServicePort } from '../../api/types/core.ts';
import type { Experiment, ExperimentTemplateSpec } from '../../api/types/experiment.ts';
import type { OwnerReference } from '../../api/types/meta.ts';
import { podTemplateHash } from '../../api/pod-template-hash.ts';
import {
  EXPERIMENT_NAME_ANNOTATION,
  EXPERIMENT_TEMPLATE_NAME_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
} from '../../conventions/labels.ts';
import type { ObservedTemplateReplicaSet } from './types.ts';

/** The controller reference an Experiment puts on what it creates. */
export function experimentOwner(experiment: Experiment): OwnerReference {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    name: experiment.metadata.name ?? '',
    uid: experiment.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

function ownership(experiment: Experiment, template: string) {
  return {
    annotations: {
      [EXPERIMENT_NAME_ANNOTATION]: experiment.metadata.name ?? '',
      [EXPERIMENT_TEMPLATE_NAME_ANNOTATION]: template,
    },
    ownerReferences: [experimentOwner(experiment)],
  };
}

/**
 * The template's ReplicaSet, named `<experiment>-<template>` as Argo v1.10 names it: the pod
 * template without a hash label it may carry, its hash added to the pod labels, the ReplicaSet's
 * labels and the selector. Created with 0 replicas; the next pass scales it.
 */
export function templateReplicaSet(
  experiment: Experiment,
  template: ExperimentTemplateSpec,
  collisionCount: number | undefined,
): ReplicaSet {
  const { [POD_TEMPLATE_HASH_LABEL]: _dropped, ...podLabels } = template.template.metadata?.labels ?? {};
  const podTemplate = {
    ...template.template,
    metadata: { ...template.template.metadata, labels: podLabels },
  };
  const hash = podTemplateHash(podTemplate, collisionCount ?? 0);
  const labels = { ...podLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = {
    ...template.selector,
    matchLabels: { ...template.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${experiment.metadata.name}-${template.name}`,
      namespace: experiment.metadata.namespace ?? '',
      labels,
      ...ownership(experiment, template.name),
    },
    spec: {
      replicas: 0,
      ...(template.minReadySeconds !== undefined ? { minReadySeconds: template.minReadySeconds } : {}),
      selector,
      template: { ...podTemplate, metadata: { ...podTemplate.metadata, labels } },
    },
  };
}

/** The ports of a template's Service: one per container port, as Argo's createTemplateService. */
export function servicePorts(replicaSet: ObservedTemplateReplicaSet): ServicePort[] {
  return replicaSet.ports.map((port) => ({
    ...(port.name ? { name: port.name } : {}),
    protocol: port.protocol ?? 'TCP',
    port: port.containerPort,
    targetPort: port.containerPort,
  }));
}

/** The template's Service: `service.name` or the ReplicaSet's name, selecting its pods by the ReplicaSet's labels. */
export function templateService(
  experiment: Experiment,
  template: ExperimentTemplateSpec,
  replicaSet: ObservedTemplateReplicaSet,
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: template.service?.name || replicaSet.name,
      namespace: experiment.metadata.namespace ?? '',
      ...ownership(experiment, template.name),
    },
    spec: { selector: { ...replicaSet.labels }, ports: servicePorts(replicaSet) },
  };
}
