// The status of a local pod, named as kubelet names a pod's and its containers' states.

export type ContainerState =
  | { kind: 'Waiting'; reason: string; message?: string }
  | { kind: 'Running'; startedAt: number }
  | {
      kind: 'Terminated';
      reason: 'Completed' | 'Error' | 'StartError';
      exitCode: number;
      signal?: string;
      startedAt?: number;
      finishedAt: number;
      message?: string;
    };

export interface ContainerPortStatus {
  containerPort?: number;
  name?: string;
  protocol: string;
  /** Where the process listens: 127.0.0.1:<port>. */
  port: number;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  state: ContainerState;
  /** The state of the previous run, once the container was restarted or stopped. */
  lastState?: ContainerState;
  ready: boolean;
  /** Running and past its startup probe. */
  started: boolean;
  restartCount: number;
  pid?: number;
  ports: ContainerPortStatus[];
  /** The last lines the container wrote to stderr (across restarts). */
  stderrTail: string[];
  /** Why the readiness or liveness probe fails, while it does. */
  probeMessage?: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodStatus {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  phase: PodPhase;
  ip: string;
  ready: boolean;
  /** When the pod last became ready; undefined while not ready. */
  readySince?: number;
  /** Stopping: out of the endpoints, draining, then signalled. */
  terminating: boolean;
  createdAt: number;
  containers: ContainerStatus[];
}

/** The pod's phase from its containers, as kubelet derives it for restartPolicy Always / OnFailure / Never. */
export function podPhase(containers: ContainerStatus[], restartPolicy: string): PodPhase {
  const states = containers.map((c) => c.state);
  if (states.some((s) => s.kind === 'Running')) return 'Running';
  const everStarted = containers.some(
    (c) => c.restartCount > 0 || c.lastState !== undefined || c.state.kind === 'Terminated',
  );
  if (!everStarted) return 'Pending';
  if (restartPolicy === 'Always') return 'Running';
  if (states.every((s) => s.kind === 'Terminated')) {
    return states.every((s) => s.kind === 'Terminated' && s.exitCode === 0) ? 'Succeeded' : 'Failed';
  }
  return 'Running';
}
