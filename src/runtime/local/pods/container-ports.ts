// A container's ports on the loopback interface. Processes share the host's network, so each
// declared containerPort gets a free loopback port; the process learns it from $PORT (the first
// declared port, or a port of its own when none is declared) and $SLUICE_PORT_<containerPort>.
import type { IntOrString } from '../../../api/types/meta.ts';

export interface MappedPort {
  /** The port the manifest declares (Kubernetes' containerPort); undefined for the $PORT of a container that declares none. */
  containerPort: number | undefined;
  name?: string;
  protocol: string;
  /** The loopback port the process really listens on. */
  port: number;
}

export interface ContainerPorts {
  /** The value of $PORT. */
  primary: number;
  mapped: MappedPort[];
}

/** Assigns free ports: `allocate()` is called once per port needed. */
export async function assignPorts(
  declared: ReadonlyArray<{ containerPort: number; name?: string; protocol?: string }> | undefined,
  allocate: () => Promise<number>,
): Promise<ContainerPorts> {
  const mapped: MappedPort[] = [];
  for (const port of declared ?? []) {
    const existing = mapped.find((m) => m.containerPort === port.containerPort);
    const actual = existing ? existing.port : await allocate();
    mapped.push({
      containerPort: port.containerPort,
      ...(port.name ? { name: port.name } : {}),
      protocol: port.protocol ?? 'TCP',
      port: actual,
    });
  }
  const primary = mapped.find((m) => m.protocol === 'TCP')?.port ?? (await allocate());
  if (mapped.length === 0) mapped.push({ containerPort: undefined, protocol: 'TCP', port: primary });
  return { primary, mapped };
}

export function portEnvironment(ports: ContainerPorts): Record<string, string> {
  const env: Record<string, string> = { PORT: String(ports.primary) };
  for (const m of ports.mapped) {
    if (m.containerPort !== undefined) env[`SLUICE_PORT_${m.containerPort}`] = String(m.port);
    if (m.name) env[`SLUICE_PORT_${m.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = String(m.port);
  }
  return env;
}

/**
 * The loopback port behind a port as a probe or a Service names it: a port name, or a number. A
 * declared number maps to its loopback port; an undeclared number means the process's $PORT
 * (a process cannot listen on a fixed port it shares with its other replicas).
 */
export function resolvePort(ports: ContainerPorts, port: IntOrString): { port: number } | { error: string } {
  if (typeof port === 'number' || /^\d+$/.test(port)) {
    const number = Number(port);
    return { port: ports.mapped.find((m) => m.containerPort === number)?.port ?? ports.primary };
  }
  const named = ports.mapped.find((m) => m.name === port);
  if (named) return { port: named.port };
  const names = ports.mapped.flatMap((m) => (m.name ? [m.name] : []));
  return {
    error: `port "${port}" is not a named port of the container (named ports: ${names.length ? names.join(', ') : 'none'})`,
  };
}
