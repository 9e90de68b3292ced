// A pod template as the API server checks it when it belongs to a ReplicaSet (Rollout,
// Experiment, Deployment) or a Job: metadata, containers, volumes and restart policy.
import type { Container, PodSpec, PodTemplateSpec } from '../types/pod.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { containerFindings, type ContainerRole } from './container-rules.ts';
import { dnsLabelProblem } from './kubernetes-names.ts';
import { templateMetadataFindings } from './metadata-rules.ts';

/** What runs the pods: ReplicaSets keep them running (restartPolicy Always); Jobs let them end. */
export type PodOwner = 'replicaset' | 'job';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** `noContainersHint` completes the message for a template without containers (e.g. where else the template may come from). */
export function podTemplateFindings(
  template: PodTemplateSpec | undefined,
  path: PathSegment[],
  owner: PodOwner,
  noContainersHint = '',
): Finding[] {
  const findings = templateMetadataFindings(template?.metadata, [...path, 'metadata']);
  const spec = template?.spec;
  if (!spec || (spec.containers ?? []).length === 0) {
    findings.push({
      path: [...path, 'spec', 'containers'],
      message: `the pod template needs at least one container under spec.containers${noContainersHint}`,
    });
  }
  if (spec) findings.push(...podSpecFindings(spec, [...path, 'spec'], owner));
  return findings;
}

function podSpecFindings(spec: PodSpec, path: PathSegment[], owner: PodOwner): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const groups: Array<[string, Container[] | undefined, ContainerRole | undefined]> = [
    ['containers', spec.containers, 'container'],
    ['initContainers', spec.initContainers, 'initContainer'],
    ['ephemeralContainers', spec.ephemeralContainers as Container[] | undefined, undefined],
  ];
  for (const [field, containers, role] of groups) {
    (containers ?? []).forEach((container, index) => {
      const at = [...path, field, index];
      const problem = dnsLabelProblem(container.name);
      if (problem) findings.push({ path: [...at, 'name'], message: `${problem}: this is not a valid container name` });
      else if (seen.has(container.name))
        findings.push({
          path: [...at, 'name'],
          message: `container name "${container.name}" is used twice in this pod: names must be unique across containers and init containers`,
        });
      seen.add(container.name);
      if (role) findings.push(...containerFindings(container, role, at));
    });
  }
  findings.push(...volumeFindings(spec, path));
  const restartPolicy = spec.restartPolicy;
  if (restartPolicy !== undefined && !RESTART_POLICIES.includes(restartPolicy)) {
    findings.push({
      path: [...path, 'restartPolicy'],
      message: `unsupported value "${restartPolicy}": use Always, OnFailure or Never`,
    });
  } else if (owner === 'replicaset' && restartPolicy !== undefined && restartPolicy !== 'Always') {
    findings.push({
      path: [...path, 'restartPolicy'],
      message: `pods managed through ReplicaSets keep running: restartPolicy must be Always (or left out), got ${restartPolicy}`,
    });
  }
  if (owner === 'replicaset' && spec.activeDeadlineSeconds !== undefined) {
    findings.push({
      path: [...path, 'activeDeadlineSeconds'],
      message: 'activeDeadlineSeconds cannot be used in pods managed through ReplicaSets: remove it',
    });
  }
  return findings;
}

function volumeFindings(spec: PodSpec, path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  const volumes = new Set<string>();
  ((spec.volumes ?? []) as Array<{ name: string }>).forEach((volume, index) => {
    const at = [...path, 'volumes', index, 'name'];
    const problem = dnsLabelProblem(volume.name);
    if (problem) findings.push({ path: at, message: `${problem}: this is not a valid volume name` });
    else if (volumes.has(volume.name))
      findings.push({ path: at, message: `volume name "${volume.name}" is used twice: volume names must be unique` });
    volumes.add(volume.name);
  });
  for (const field of ['containers', 'initContainers'] as const) {
    (spec[field] ?? []).forEach((container, containerIndex) => {
      ((container.volumeMounts ?? []) as Array<{ name: string }>).forEach((mount, index) => {
        if (!volumes.has(mount.name)) {
          findings.push({
            path: [...path, field, containerIndex, 'volumeMounts', index, 'name'],
            message: `no volume named "${mount.name}" in spec.volumes: add the volume or fix the name`,
          });
        }
      });
    });
  }
  return findings;
}
