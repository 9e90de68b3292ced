// What the experiment decision is given, read through the ports: the experiment, the ReplicaSets and
// Services it controls by template (the template-name annotation), its AnalysisRuns, and the
// analyses whose template is missing.
import type { ReplicaSet } from '../../api/types/core.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import {
  EXPERIMENT_NAME_ANNOTATION,
  EXPERIMENT_TEMPLATE_NAME_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
} from '../../conventions/labels.ts';
import type { ObservedExperiment, ObservedTemplateReplicaSet } from '../../engine/experiment.ts';
import type { ExperimentReader } from './ports.ts';

function templateOf(experiment: Experiment, object: { metadata: { annotations?: Record<string, string> } }) {
  const annotations = object.metadata.annotations ?? {};
  if (annotations[EXPERIMENT_NAME_ANNOTATION] !== experiment.metadata.name) return undefined;
  const template = annotations[EXPERIMENT_TEMPLATE_NAME_ANNOTATION];
  return template && experiment.spec.templates.some((entry) => entry.name === template) ? template : undefined;
}

export function observeTemplateReplicaSet(rs: Stored<ReplicaSet>): ObservedTemplateReplicaSet {
  const ports = (rs.spec.template.spec?.containers ?? []).flatMap((container) =>
    (container.ports ?? []).map((port) => ({
      containerPort: port.containerPort,
      ...(port.name ? { name: port.name } : {}),
      ...(port.protocol ? { protocol: port.protocol } : {}),
    })),
  );
  return {
    name: rs.metadata.name,
    replicas: rs.spec.replicas ?? 1,
    currentReplicas: rs.status?.replicas ?? 0,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
    podTemplateHash: rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    labels: { ...rs.metadata.labels },
    annotations: { ...rs.metadata.annotations },
    ports,
  };
}

export function observeExperiment(experiment: Stored<Experiment>, reader: ExperimentReader): ObservedExperiment {
  const replicaSets: ObservedExperiment['replicaSets'] = {};
  for (const rs of reader.replicaSetsOf(experiment)) {
    const template = templateOf(experiment, rs);
    if (template) replicaSets[template] = observeTemplateReplicaSet(rs);
  }
  const services: ObservedExperiment['services'] = {};
  for (const service of reader.servicesOf(experiment)) {
    const template = templateOf(experiment, service);
    if (template) services[template] = { name: service.metadata.name };
  }
  const analysisRuns = reader.analysisRunsOf(experiment).map((run) => ({
    name: run.metadata.name,
    phase: run.status?.phase,
    ...(run.status?.message ? { message: run.status.message } : {}),
    ...(run.spec.terminate ? { terminating: true } : {}),
  }));
  const missingTemplates: Record<string, string> = {};
  for (const analysis of experiment.spec.analyses ?? []) {
    const clusterScope = analysis.clusterScope === true;
    if (reader.template(experiment.metadata.namespace, analysis.templateName, clusterScope)) continue;
    const kind = clusterScope ? 'clusteranalysistemplate' : 'analysistemplate';
    missingTemplates[analysis.name] = `${kind}.argoproj.io "${analysis.templateName}" not found`;
  }
  return { experiment, replicaSets, services, analysisRuns, missingTemplates };
}
