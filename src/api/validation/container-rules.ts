// One container of a pod template, as the API server checks it: ports, environment, resources,
// probes and lifecycle handlers.
import type { Container, ContainerPort, EnvVar } from '../types/pod.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import { warning, type Finding } from './finding.ts';
import { envVarNameProblem, portNameProblem, portNumberProblem, qualifiedNameProblem } from './kubernetes-names.ts';
import { lifecycleFindings, probeFindings, type ProbeKind } from './probe-rules.ts';
import { quantityValue } from './quantity.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PROBES: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const STANDARD_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

export type ContainerRole = 'container' | 'initContainer';

export function containerFindings(container: Container, role: ContainerRole, path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  if (role === 'container' && (container.image === undefined || container.image.trim() === '')) {
    findings.push(
      warning([...path, 'image'], `container "${container.name}" has no image, so its pods cannot start: add image`),
    );
  }
  const ports = container.ports ?? [];
  findings.push(...portsFindings(ports, [...path, 'ports']));
  (container.env ?? []).forEach((env, index) => findings.push(...envFindings(env, [...path, 'env', index])));
  findings.push(...resourcesFindings(container.resources as Resources | undefined, [...path, 'resources']));
  const portNames = new Set(ports.map((port) => port.name).filter((name): name is string => name !== undefined));
  // An init container may have probes only as a sidecar (restartPolicy: Always).
  const sidecar = container.restartPolicy === 'Always';
  for (const kind of PROBES) {
    const probe = container[kind];
    if (!probe) continue;
    if (role === 'initContainer' && !sidecar) {
      findings.push({
        path: [...path, kind],
        message: `an init container cannot have a ${kind} (unless it is a sidecar with restartPolicy: Always)`,
      });
      continue;
    }
    findings.push(...probeFindings(probe, kind, portNames, [...path, kind]));
  }
  findings.push(
    ...lifecycleFindings(container.lifecycle as Record<string, unknown> | undefined, portNames, [...path, 'lifecycle']),
  );
  return findings;
}

function portsFindings(ports: readonly ContainerPort[], path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const at = [...path, index];
    const numberProblem = portNumberProblem(port.containerPort);
    if (numberProblem) findings.push({ path: [...at, 'containerPort'], message: numberProblem });
    if (port.hostPort !== undefined && port.hostPort !== 0) {
      const hostProblem = portNumberProblem(port.hostPort);
      if (hostProblem) findings.push({ path: [...at, 'hostPort'], message: hostProblem });
    }
    if (port.name !== undefined) {
      const nameProblem = portNameProblem(port.name);
      if (nameProblem) findings.push({ path: [...at, 'name'], message: nameProblem });
      else if (names.has(port.name))
        findings.push({
          path: [...at, 'name'],
          message: `port name "${port.name}" is used twice in this container: port names must be unique`,
        });
      names.add(port.name);
    }
    if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) {
      findings.push({
        path: [...at, 'protocol'],
        message: `unsupported protocol "${port.protocol}": use TCP, UDP or SCTP`,
      });
    }
  });
  return findings;
}

function envFindings(env: EnvVar, path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  const nameProblem = envVarNameProblem(env.name);
  if (nameProblem) findings.push({ path: [...path, 'name'], message: nameProblem });
  if (env.valueFrom) {
    const sources = Object.keys(env.valueFrom).filter(
      (key) => env.valueFrom?.[key] !== undefined && env.valueFrom?.[key] !== null,
    );
    if (env.value !== undefined && env.value !== '') {
      findings.push({
        path: [...path, 'valueFrom'],
        message: `environment variable "${env.name}" has both value and valueFrom: keep one`,
      });
    }
    if (sources.length === 0)
      findings.push({
        path: [...path, 'valueFrom'],
        message: 'valueFrom needs a source: fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef or fileKeyRef',
      });
    if (sources.length > 1)
      findings.push({
        path: [...path, 'valueFrom'],
        message: `valueFrom takes one source, this one has ${sources.join(' and ')}`,
      });
  }
  return findings;
}

interface Resources {
  limits?: Record<string, string | number>;
  requests?: Record<string, string | number>;
}

function resourcesFindings(resources: Resources | undefined, path: PathSegment[]): Finding[] {
  if (!resources) return [];
  const findings: Finding[] = [];
  for (const part of ['limits', 'requests'] as const) {
    for (const [name, quantity] of Object.entries(resources[part] ?? {})) {
      const at = [...path, part, name];
      const nameProblem = resourceNameProblem(name);
      if (nameProblem) findings.push({ path: at, message: nameProblem });
      const value = quantityValue(quantity);
      if (value !== undefined && value < 0)
        findings.push({ path: at, message: `must not be negative, got ${String(quantity)}` });
    }
  }
  for (const [name, request] of Object.entries(resources.requests ?? {})) {
    const limit = resources.limits?.[name];
    if (limit === undefined) continue;
    const requestValue = quantityValue(request);
    const limitValue = quantityValue(limit);
    if (requestValue !== undefined && limitValue !== undefined && requestValue > limitValue) {
      findings.push({
        path: [...path, 'requests', name],
        message: `the ${name} request (${String(request)}) is more than its limit (${String(limit)}): lower the request or raise the limit`,
      });
    }
  }
  return findings;
}

function resourceNameProblem(name: string): string | undefined {
  if (name.includes('/')) {
    const problem = qualifiedNameProblem(name);
    return problem ? `resource name ${problem}` : undefined;
  }
  if (STANDARD_RESOURCES.includes(name) || /^hugepages-.+/.test(name)) return undefined;
  return `unknown resource "${name}": use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as example.com/gpu`;
}
