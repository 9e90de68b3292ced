// A Service that a Rollout names must select the Rollout's pods.
import type { Rollout } from '../types/rollout.ts';
import type { Service } from '../types/core.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import type { Finding } from './finding.ts';
import { namespaceOf, type ObjectIndex } from './object-index.ts';
import { referencedWorkload } from './workload-references.ts';

const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';

interface ServiceRole {
  path: string[];
  name: string | undefined;
  /** Labels added to the pods of this role (canaryMetadata, activeMetadata, ...). */
  roleLabels: Record<string, string>;
}

function rolesOf(rollout: Rollout): ServiceRole[] {
  const { canary, blueGreen } = rollout.spec.strategy;
  const base = ['spec', 'strategy'];
  const roles: ServiceRole[] = [];
  if (canary) {
    roles.push({
      path: [...base, 'canary', 'canaryService'],
      name: canary.canaryService,
      roleLabels: canary.canaryMetadata?.labels ?? {},
    });
    roles.push({
      path: [...base, 'canary', 'stableService'],
      name: canary.stableService,
      roleLabels: canary.stableMetadata?.labels ?? {},
    });
    roles.push({
      path: [...base, 'canary', 'pingPong', 'pingService'],
      name: canary.pingPong?.pingService,
      roleLabels: {},
    });
    roles.push({
      path: [...base, 'canary', 'pingPong', 'pongService'],
      name: canary.pingPong?.pongService,
      roleLabels: {},
    });
  }
  if (blueGreen) {
    roles.push({
      path: [...base, 'blueGreen', 'activeService'],
      name: blueGreen.activeService,
      roleLabels: blueGreen.activeMetadata?.labels ?? {},
    });
    roles.push({
      path: [...base, 'blueGreen', 'previewService'],
      name: blueGreen.previewService,
      roleLabels: blueGreen.previewMetadata?.labels ?? {},
    });
  }
  return roles.filter((role) => role.name);
}

export function serviceReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const rollout = item.object;
  const namespace = namespaceOf(rollout);
  const template = rollout.spec.workloadRef
    ? referencedWorkload(rollout, index)?.object.spec.template
    : rollout.spec.template;
  const templateLabels = template?.metadata?.labels;
  const labelsField = rollout.spec.workloadRef
    ? `the pod template labels of ${rollout.spec.workloadRef.kind ?? 'the workload'} "${rollout.spec.workloadRef.name ?? ''}"`
    : 'spec.template.metadata.labels';
  const findings: Finding[] = [];
  for (const role of rolesOf(rollout)) {
    const name = role.name ?? '';
    const service = index.find<Service>('Service', namespace, name);
    if (!service) {
      if (index.hasAny('Service', namespace)) {
        findings.push({
          path: role.path,
          message: `no Service named "${name}" in namespace ${namespace} among the given manifests: add it or fix the name`,
        });
      }
      continue;
    }
    if (!templateLabels) continue; // the pod template comes from a workloadRef that is not given
    for (const [key, value] of Object.entries(service.object.spec?.selector ?? {})) {
      if (key === POD_TEMPLATE_HASH_LABEL) continue;
      if (templateLabels[key] === value || role.roleLabels[key] === value) continue;
      findings.push({
        path: role.path,
        message: `Service "${name}" selects ${key}=${value}, a label the Rollout's pods do not have: fix the Service selector or ${labelsField}`,
      });
    }
  }
  return findings;
}
