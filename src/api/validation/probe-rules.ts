// Probes and lifecycle handlers of a container, as the API server checks them: exactly one
// handler, valid ports; and, as the kubelet needs, a named port the container declares.
import type { IntOrString } from '../types/meta.ts';
import type { Probe } from '../types/pod.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import { warning, type Finding } from './finding.ts';
import { portNameProblem, portNumberProblem } from './kubernetes-names.ts';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
const PROBE_COUNTS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export function probeFindings(
  probe: Probe,
  kind: ProbeKind,
  portNames: ReadonlySet<string>,
  path: PathSegment[],
): Finding[] {
  const findings = handlerFindings(probe as Record<string, unknown>, PROBE_HANDLERS, portNames, path);
  for (const field of PROBE_COUNTS) {
    const value = probe[field];
    if (value !== undefined && value < 0)
      findings.push({ path: [...path, field], message: `must be 0 or more, got ${value}` });
  }
  if (kind !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    findings.push({
      path: [...path, 'successThreshold'],
      message: `must be 1 for a ${kind} (got ${probe.successThreshold}): only readiness can require several successes`,
    });
  }
  if (kind === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined) {
    findings.push({
      path: [...path, 'terminationGracePeriodSeconds'],
      message: 'a readinessProbe takes no terminationGracePeriodSeconds: remove it',
    });
  }
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0) {
    findings.push({
      path: [...path, 'terminationGracePeriodSeconds'],
      message: `must be greater than 0, got ${probe.terminationGracePeriodSeconds}`,
    });
  }
  return findings;
}

/** postStart and preStop handlers. */
export function lifecycleFindings(
  lifecycle: Record<string, unknown> | undefined,
  portNames: ReadonlySet<string>,
  path: PathSegment[],
): Finding[] {
  if (!lifecycle) return [];
  const findings: Finding[] = [];
  for (const hook of ['postStart', 'preStop'] as const) {
    const handler = lifecycle[hook];
    if (handler && typeof handler === 'object')
      findings.push(
        ...handlerFindings(handler as Record<string, unknown>, LIFECYCLE_HANDLERS, portNames, [...path, hook]),
      );
  }
  return findings;
}

function handlerFindings(
  handler: Record<string, unknown>,
  kinds: readonly string[],
  portNames: ReadonlySet<string>,
  path: PathSegment[],
): Finding[] {
  const present = kinds.filter((kind) => handler[kind] !== undefined && handler[kind] !== null);
  if (present.length === 0) return [{ path, message: `no handler: set one of ${kinds.join(', ')}` }];
  if (present.length > 1) return [{ path, message: `set only one handler, this one has ${present.join(' and ')}` }];
  const kind = present[0] ?? '';
  const action = handler[kind] as { port?: IntOrString };
  if (kind === 'exec' || kind === 'sleep' || action.port === undefined) return [];
  return portFindings(action.port, portNames, [...path, kind, 'port'], kind !== 'grpc');
}

function portFindings(
  port: IntOrString,
  portNames: ReadonlySet<string>,
  path: PathSegment[],
  namesAllowed: boolean,
): Finding[] {
  if (typeof port === 'number') {
    const problem = portNumberProblem(port);
    return problem ? [{ path, message: problem }] : [];
  }
  if (!namesAllowed) return [{ path, message: `must be a port number, got "${port}"` }];
  const problem = portNameProblem(port);
  if (problem) return [{ path, message: `${problem}; or give the port number` }];
  if (!portNames.has(port)) {
    return [
      warning(
        path,
        `the container declares no port named "${port}", so this check will always fail: add it to the container's ports or use the port number`,
      ),
    ];
  }
  return [];
}
