// The Kubernetes objects given with Rollouts, checked as the API server would: Deployments and
// ReplicaSets (selector and pod template), Services (selector and ports).
import type { Deployment, ReplicaSet, Service } from '../types/core.ts';
import type { KnownObject } from '../types/index.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { isEmptySelector, labelFindings, labelSelectorFindings } from './label-selector.ts';
import { podTemplateFindings } from './pod-template-rules.ts';
import { selectorMatchFindings } from './rollout-template-rules.ts';
import { dnsLabelProblem, portNameProblem, portNumberProblem } from './kubernetes-names.ts';

export function workloadFindings(object: KnownObject): Finding[] {
  if (object.kind === 'Deployment' || object.kind === 'ReplicaSet') return replicaSetLikeFindings(object);
  if (object.kind === 'Service') return serviceFindings(object);
  return [];
}

function replicaSetLikeFindings(object: Deployment | ReplicaSet): Finding[] {
  const spec = object.spec;
  const findings = labelSelectorFindings(spec.selector, ['spec', 'selector']);
  if (isEmptySelector(spec.selector)) {
    findings.push({
      path: ['spec', 'selector'],
      message: `an empty selector would select every pod: add matchLabels that match the pod template labels`,
    });
  } else if (spec.template && findings.length === 0) {
    findings.push(
      ...selectorMatchFindings(spec.selector, spec.template.metadata?.labels ?? {}, [
        'spec',
        'template',
        'metadata',
        'labels',
      ]),
    );
  }
  if (object.kind === 'Deployment' || spec.template)
    findings.push(...podTemplateFindings(spec.template, ['spec', 'template'], 'replicaset'));
  if (typeof spec.replicas === 'number' && spec.replicas < 0)
    findings.push({ path: ['spec', 'replicas'], message: `must be 0 or more, got ${spec.replicas}` });
  return findings;
}

function serviceFindings(service: Service): Finding[] {
  const findings = labelFindings(service.spec?.selector, ['spec', 'selector']);
  const ports = service.spec?.ports ?? [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const at: PathSegment[] = ['spec', 'ports', index];
    const portProblem = portNumberProblem(port.port);
    if (portProblem) findings.push({ path: [...at, 'port'], message: portProblem });
    if (port.name === undefined || port.name === '') {
      if (ports.length > 1)
        findings.push({ path: [...at, 'name'], message: 'a Service with several ports must name each of them' });
    } else if (names.has(port.name)) {
      findings.push({
        path: [...at, 'name'],
        message: `port name "${port.name}" is used twice: port names must be unique`,
      });
    } else {
      const nameProblem = dnsLabelProblem(port.name);
      if (nameProblem)
        findings.push({ path: [...at, 'name'], message: `${nameProblem}: this is not a valid Service port name` });
    }
    names.add(port.name ?? '');
    const target = port.targetPort;
    if (typeof target === 'number' && target !== 0) {
      const problem = portNumberProblem(target);
      if (problem) findings.push({ path: [...at, 'targetPort'], message: problem });
    } else if (typeof target === 'string') {
      const problem = portNameProblem(target);
      if (problem) findings.push({ path: [...at, 'targetPort'], message: `${problem}; or give the port number` });
    }
  });
  return findings;
}
