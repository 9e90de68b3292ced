// One probe attempt against a local container, as kubelet runs it: httpGet (a status from 200
// to 399 succeeds), tcpSocket (a connection succeeds), exec (exit code 0 succeeds), each bounded
// by timeoutSeconds.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Probe } from '../../../api/types/pod.ts';
import { setLongTimeout } from '../../../platform/long-timer.ts';
import type { LaunchPlan } from './container-launch.ts';
import { resolvePort, type ContainerPorts } from './container-ports.ts';
import { spawnGroup } from '../../../platform/process/process-group.ts';
import type { EngineContainer } from './container-run.ts';
import { containerAddress } from '../images/container-engine.ts';

export type ProbeOutcome = { success: true } | { success: false; message: string };

export interface ProbeTarget {
  ports: ContainerPorts;
  /** The container's environment and directory, for exec probes. */
  env: Record<string, string>;
  cwd?: string;
  ip: string;
  /** The engine's container, for a container that runs in an engine: exec probes run inside it. */
  container?: EngineContainer;
}

export const DEFAULT_PROBE_TIMEOUT_SECONDS = 1;

export async function checkProbe(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = (probe.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS) * 1000;
  if (probe.httpGet) return httpProbe(probe.httpGet, target, timeoutMs);
  if (probe.tcpSocket) return tcpProbe(probe.tcpSocket, target, timeoutMs);
  if (probe.exec) return execProbe(probe.exec.command ?? [], target, timeoutMs);
  if (probe.grpc)
    return {
      success: false,
      message: 'grpc probes are not supported by the local runtime; use httpGet, tcpSocket or exec',
    };
  return { success: false, message: 'the probe has no handler (httpGet, tcpSocket or exec)' };
}

function httpProbe(
  action: NonNullable<Probe['httpGet']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolvePort(target.ports, action.port);
  if ('error' in port) return Promise.resolve({ success: false, message: port.error });
  const secure = action.scheme === 'HTTPS';
  const headers: Record<string, string> = { 'user-agent': 'kube-probe/local', accept: '*/*' };
  for (const header of action.httpHeaders ?? []) headers[header.name.toLowerCase()] = header.value;
  const path = action.path ? (action.path.startsWith('/') ? action.path : `/${action.path}`) : '/';
  return new Promise((resolve) => {
    const request = (secure ? https : http).request(
      {
        host: action.host ?? target.ip,
        port: port.port,
        path,
        method: 'GET',
        headers,
        agent: false,
        timeout: timeoutMs,
        ...(secure ? { rejectUnauthorized: false } : {}),
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(
          status >= 200 && status < 400
            ? { success: true }
            : { success: false, message: `HTTP probe failed with statuscode: ${status}` },
        );
      },
    );
    request.on('timeout', () =>
      request.destroy(
        new Error(
          `Get "${secure ? 'https' : 'http'}://${target.ip}:${port.port}${path}": context deadline exceeded (timeout ${timeoutMs}ms)`,
        ),
      ),
    );
    request.on('error', (error) => resolve({ success: false, message: error.message }));
    request.end();
  });
}

function tcpProbe(
  action: NonNullable<Probe['tcpSocket']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolvePort(target.ports, action.port);
  if ('error' in port) return Promise.resolve({ success: false, message: port.error });
  if (target.container?.engine.name === 'docker' && action.host === undefined)
    return dockerTcpProbe(port.port, target, timeoutMs);
  return dial(action.host ?? target.ip, port.port, target.ip, timeoutMs);
}

/** The container's address, looked up once per start of the container (a probe target is made per start). */
const dockerAddresses = new WeakMap<ProbeTarget, string>();

/**
 * docker's userland proxy accepts a connection on a published port even while nothing listens in
 * the container, so a tcpSocket probe dials the container's own address and port, as kubelet
 * dials the pod's IP.
 */
async function dockerTcpProbe(loopbackPort: number, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const containerPort = target.ports.mapped.find((m) => m.port === loopbackPort)?.containerPort;
  const inEngine = target.container;
  if (containerPort === undefined || !inEngine) return dial(target.ip, loopbackPort, target.ip, timeoutMs);
  let address = dockerAddresses.get(target);
  if (!address) {
    address = await containerAddress(inEngine.engine, inEngine.name);
    if (!address) return { success: false, message: `container ${inEngine.name} has no address yet` };
    dockerAddresses.set(target, address);
  }
  return dial(address, containerPort, address, timeoutMs);
}

function dial(host: string, port: number, shownHost: string, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (outcome: ProbeOutcome): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ success: false, message: `dial tcp ${shownHost}:${port}: i/o timeout` }),
    );
    socket.once('connect', () => finish({ success: true }));
    socket.once('error', (error) =>
      finish({ success: false, message: `dial tcp ${shownHost}:${port}: ${error.message}` }),
    );
  });
}

async function execProbe(command: string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const [program, ...args] = command;
  if (!program) return { success: false, message: 'exec probe has an empty command' };
  const inEngine = target.container;
  const plan: LaunchPlan = inEngine
    ? { program: inEngine.engine.program, args: ['exec', inEngine.name, ...command], env: target.env }
    : { program, args, env: target.env, ...(target.cwd ? { cwd: target.cwd } : {}) };
  let output = '';
  let child;
  try {
    child = await spawnGroup(plan, { onStdout: (text) => (output += text), onStderr: (text) => (output += text) });
  } catch (error) {
    return { success: false, message: `exec probe could not start ${program}: ${(error as Error).message}` };
  }
  const timer = setLongTimeout(() => child.signal('SIGKILL'), timeoutMs);
  const exit = await child.exited;
  timer.cancel();
  if (exit.exitCode === 0) return { success: true };
  const detail = output.trim().split('\n').slice(-5).join('\n').slice(0, 1024);
  if (exit.signal === 'SIGKILL')
    return { success: false, message: `command ${JSON.stringify(command)} timed out after ${timeoutMs}ms` };
  return {
    success: false,
    message: `command ${JSON.stringify(command)} exited with ${exit.exitCode}${detail ? `: ${detail}` : ''}`,
  };
}
