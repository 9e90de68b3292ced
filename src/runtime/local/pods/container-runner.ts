// One container of a local pod: its process, its probes and its restarts. A process that exits
// (or fails its liveness or startup probe) is restarted after kubelet's back-off, per the pod's
// restartPolicy; its exit code and the tail of its stderr stay visible in the status.
import { closeSync } from 'node:fs';
import type { Container, Probe } from '../../../api/types/pod.ts';
import { isLaunchProblem, type LaunchPlan, type LaunchProblem } from './container-launch.ts';
import type { ContainerPorts } from './container-ports.ts';
import { OutputTail } from '../../../platform/process/output-tail.ts';
import { checkProbe } from './probe-check.ts';
import { ProbeWorker, type ProbeKind, type ProbeResult } from './probe-worker.ts';
import { FollowedOutput } from '../../../platform/process/followed-output.ts';
import type { OutputFiles } from './pod-records.ts';
import {
  adoptGroup,
  spawnGroup,
  terminateGroup,
  type GroupProcess,
  type ProcessExit,
} from '../../../platform/process/process-group.ts';
import type { ContainerState, ContainerStatus } from './pod-status.ts';
import { removeContainer, removeLeftoverContainer } from '../images/container-engine.ts';
import { nextFailureCount, restartDelayMs, type BackoffSettings } from '../../../platform/process/restart-backoff.ts';

export interface ContainerRunnerOptions {
  container: Container;
  podName: string;
  ip: string;
  ports: ContainerPorts;
  launch: LaunchPlan | LaunchProblem;
  /** What a restart runs: kubelet builds a container's env anew at each start, from the ConfigMaps and Secrets as they are then. */
  replan?: () => LaunchPlan | LaunchProblem;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  backoff: BackoffSettings;
  /** terminationGracePeriodSeconds of the pod, in ms (a liveness kill may use the probe's own). */
  gracePeriodMs: number;
  onChange: () => void;
  /** Before a liveness kill: waits until the pod (already not ready) has no request in flight. */
  drain: () => Promise<void>;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Files for the output instead of pipes, so the process can outlive the runtime (and be adopted). */
  outputFiles?: OutputFiles;
  /** The process an earlier runtime started for this container: taken over when it still runs. */
  adopt?: AdoptableProcess;
}

export interface AdoptableProcess {
  /** The container's process, leader of its own process group. */
  pid: number;
  /** Its start time, from process-identity.ts (a reused pid has another). */
  startTime: string;
  /** When it started (ms since the epoch). */
  startedAt: number;
  restartCount: number;
  /** Its readiness and startup-probe state when recorded: an adopted container starts from them, as kubelet does after its own restart. */
  ready?: boolean;
  started?: boolean;
}

/** How much of an adopted container's stderr file is read back for its status. */
const ADOPTED_TAIL_BYTES = 8192;

export class ContainerRunner {
  #options: ContainerRunnerOptions;
  readonly #stderr = new OutputTail(20);
  #state: ContainerState;
  #lastState: ContainerState | undefined;
  #restartCount = 0;
  #failures = 0;
  #process: GroupProcess | undefined;
  #probes: ProbeWorker[] = [];
  #restartTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  /** Killed after a failed liveness or startup probe: not ready while it drains and stops. */
  #killing = false;
  /** The current run: resolves once its process has exited. */
  #current: Promise<void> = Promise.resolve();
  #startedAt: number | undefined;
  #followers: { stdout: FollowedOutput; stderr: FollowedOutput } | undefined;

  constructor(options: ContainerRunnerOptions) {
    this.#options = options;
    const { launch } = options;
    this.#state = isLaunchProblem(launch)
      ? { kind: 'Waiting', reason: launch.reason, message: launch.message }
      : { kind: 'Waiting', reason: 'ContainerCreating' };
  }

  get name(): string {
    return this.#options.container.name;
  }

  get ready(): boolean {
    return (
      this.#state.kind === 'Running' &&
      !this.#killing &&
      this.#started() &&
      (this.#probe('readiness')?.result.healthy ?? true)
    );
  }

  /** The running process, as a pod record keeps it (undefined while none runs or /proc cannot tell). */
  get process(): AdoptableProcess | undefined {
    const child = this.#process;
    if (!child?.startTime || this.#startedAt === undefined) return undefined;
    return {
      pid: child.pid,
      startTime: child.startTime,
      startedAt: this.#startedAt,
      restartCount: this.#restartCount,
      ready: this.ready,
      started: this.#started(),
    };
  }

  /** It has not started because of its launch problem (a missing ConfigMap, ...). */
  get waitingToStart(): boolean {
    return !this.#stopping && isLaunchProblem(this.#options.launch);
  }

  /** A container that could not start tries again with a new plan (kubelet retries such a container). */
  retry(launch: LaunchPlan | LaunchProblem): void {
    if (!this.waitingToStart) return;
    // One that ran before (and waited at its restart) starts again: a restart.
    if (!isLaunchProblem(launch) && this.#lastState) this.#restartCount++;
    this.#options = { ...this.#options, launch };
    this.#state = isLaunchProblem(launch)
      ? { kind: 'Waiting', reason: launch.reason, message: launch.message }
      : { kind: 'Waiting', reason: 'ContainerCreating' };
    this.start();
    this.#options.onChange();
  }

  /** Starts the process, or takes over the one `adopt` names when it still runs. Returns whether it was adopted. */
  start(): boolean {
    const { launch, adopt, outputFiles } = this.#options;
    if (isLaunchProblem(launch)) return false;
    if (outputFiles && !this.#followers) {
      this.#followers = {
        stdout: new FollowedOutput(outputFiles.stdout, (text) => this.#options.onOutput?.('stdout', text)),
        stderr: new FollowedOutput(outputFiles.stderr, (text) => this.#onStderr(text)),
      };
    }
    const adopted = adopt && adoptGroup(adopt.pid, adopt.startTime);
    if (adopt && adopted) {
      this.#restartCount = adopt.restartCount;
      this.#stderr.write(this.#followers?.stderr.lastLines(ADOPTED_TAIL_BYTES) ?? '');
      this.#current = this.#watch(adopted, adopt.startedAt, launch, adopt);
      return true;
    }
    this.#current = this.#run(launch);
    return false;
  }

  /** SIGTERM to the process group, SIGKILL after the grace period; no restart afterwards. */
  async stop(gracePeriodMs = this.#options.gracePeriodMs): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    this.#stopProbes();
    if (this.#process) await terminateGroup(this.#process, gracePeriodMs);
    await this.#current;
    this.#followers?.stdout.close();
    this.#followers?.stderr.close();
  }

  status(): ContainerStatus {
    const { container, ports } = this.#options;
    const probeMessage = this.#probes.find((p) => p.kind !== 'startup' && !p.result.healthy && p.result.message)?.result
      .message;
    return {
      name: container.name,
      ...(container.image ? { image: container.image } : {}),
      state: this.#state,
      ...(this.#lastState ? { lastState: this.#lastState } : {}),
      ready: this.ready,
      started: this.#state.kind === 'Running' && this.#started(),
      restartCount: this.#restartCount,
      ...(this.#process ? { pid: this.#process.pid } : {}),
      ports: ports.mapped.map((m) => ({
        ...(m.containerPort !== undefined ? { containerPort: m.containerPort } : {}),
        ...(m.name ? { name: m.name } : {}),
        protocol: m.protocol,
        port: m.port,
      })),
      stderrTail: this.#stderr.lines(),
      ...(probeMessage ? { probeMessage } : {}),
    };
  }

  async #run(plan: LaunchPlan): Promise<void> {
    if (this.#stopping) return;
    if (plan.container) await removeLeftoverContainer(plan.container.engine, plan.container.name);
    if (this.#stopping) return;
    const startedAt = Date.now();
    let child: GroupProcess;
    const output = this.#followers && {
      stdout: this.#followers.stdout.openForChild(),
      stderr: this.#followers.stderr.openForChild(),
    };
    try {
      child = await spawnGroup(plan, {
        ...(output ? { output } : {}),
        onStdout: (text) => this.#options.onOutput?.('stdout', text),
        onStderr: (text) => this.#onStderr(text),
      });
    } catch (error) {
      const message = `failed to start ${JSON.stringify(plan.program)}: ${(error as Error).message}`;
      this.#stderr.write(`${message}\n`);
      this.#ended(
        { kind: 'Terminated', reason: 'StartError', exitCode: 128, finishedAt: Date.now(), message },
        0,
        plan,
      );
      return;
    } finally {
      if (output) for (const fd of [output.stdout, output.stderr]) closeSync(fd);
    }
    if (this.#stopping) child.signal('SIGKILL');
    await this.#watch(child, startedAt, plan);
  }

  /** Follows a started (or adopted) process until it exits, then restarts it as the policy says. */
  async #watch(child: GroupProcess, startedAt: number, plan: LaunchPlan, adopted?: AdoptableProcess): Promise<void> {
    this.#process = child;
    this.#startedAt = startedAt;
    this.#killing = false;
    this.#state = { kind: 'Running', startedAt };
    if (!this.#stopping) this.#startProbes(plan, startedAt, adopted);
    this.#options.onChange();
    const exit = await child.exited;
    // The engine's run command may be gone (SIGKILL after the grace period) while its container
    // still runs: remove the container, so no container outlives its run command.
    if (plan.container) await removeContainer(plan.container.engine, plan.container.name);
    this.#followers?.stdout.drain();
    this.#followers?.stderr.drain();
    this.#process = undefined;
    this.#startedAt = undefined;
    this.#stopProbes();
    const finishedAt = Date.now();
    this.#ended(terminatedState(exit, startedAt, finishedAt, this.#stderr.lines()), finishedAt - startedAt, plan);
  }

  #onStderr(text: string): void {
    this.#stderr.write(text);
    this.#options.onOutput?.('stderr', text);
  }

  #ended(terminated: ContainerState, ranForMs: number, plan: LaunchPlan): void {
    const exitCode = terminated.kind === 'Terminated' ? terminated.exitCode : 0;
    const restart =
      !this.#stopping &&
      (this.#options.restartPolicy === 'Always' || (this.#options.restartPolicy === 'OnFailure' && exitCode !== 0));
    if (!restart) {
      this.#state = terminated;
      this.#options.onChange();
      return;
    }
    this.#lastState = terminated;
    this.#failures = nextFailureCount(this.#failures, ranForMs, this.#options.backoff);
    const delayMs = restartDelayMs(this.#failures, this.#options.backoff);
    this.#state = {
      kind: 'Waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${formatDelay(delayMs)} restarting failed container=${this.name} pod=${this.#options.podName}`,
    };
    this.#options.onChange();
    this.#restartTimer = setTimeout(() => {
      const next = this.#options.replan?.() ?? plan;
      if (isLaunchProblem(next)) {
        // A ConfigMap or key gone since the last start: it waits (and is retried) as a first start would.
        this.#options = { ...this.#options, launch: next };
        this.#state = { kind: 'Waiting', reason: next.reason, message: next.message };
        this.#options.onChange();
        return;
      }
      this.#restartCount++;
      this.#current = this.#run(next);
    }, delayMs);
  }

  #startProbes(plan: LaunchPlan, startedAt: number, adopted?: AdoptableProcess): void {
    const { container, ports, ip } = this.#options;
    const target = {
      ports,
      env: plan.env,
      ...(plan.cwd ? { cwd: plan.cwd } : {}),
      ip,
      ...(plan.container ? { container: plan.container } : {}),
    };
    const initially: Partial<Record<ProbeKind, boolean>> = adopted
      ? { readiness: adopted.ready, startup: adopted.started }
      : {};
    const add = (kind: ProbeKind, probe: Probe | undefined): ProbeWorker | undefined => {
      if (!probe) return undefined;
      const worker = new ProbeWorker(
        kind,
        probe,
        () => checkProbe(probe, target),
        (result) => this.#onProbe(kind, probe, result),
        initially[kind],
      );
      this.#probes.push(worker);
      return worker;
    };
    const startup = add('startup', container.startupProbe);
    add('liveness', container.livenessProbe);
    add('readiness', container.readinessProbe);
    if (startup && !startup.result.healthy) startup.start(startedAt);
    else this.#startMainProbes(startedAt);
  }

  #startMainProbes(startedAt?: number): void {
    for (const worker of this.#probes) if (worker.kind !== 'startup') worker.start(startedAt);
  }

  #onProbe(kind: ProbeKind, probe: Probe, result: ProbeResult): void {
    if (this.#stopping) return;
    if (kind === 'startup' && result.healthy) this.#startMainProbes();
    if ((kind === 'liveness' || kind === 'startup') && result.failed) {
      const why = `Container ${this.name} failed ${kind} probe, will be restarted: ${result.message ?? ''}`;
      this.#stderr.write(`[sluice] ${why}\n`);
      this.#stopProbes();
      this.#killing = true;
      this.#options.onChange();
      const graceMs =
        probe.terminationGracePeriodSeconds !== undefined
          ? probe.terminationGracePeriodSeconds * 1000
          : this.#options.gracePeriodMs;
      const child = this.#process;
      void this.#options.drain().then(() => child && terminateGroup(child, graceMs));
      return;
    }
    this.#options.onChange();
  }

  #started(): boolean {
    return this.#probe('startup')?.result.healthy ?? true;
  }

  #probe(kind: ProbeKind): ProbeWorker | undefined {
    return this.#probes.find((p) => p.kind === kind);
  }

  #stopProbes(): void {
    for (const worker of this.#probes) worker.stop();
    this.#probes = [];
  }
}

function terminatedState(exit: ProcessExit, startedAt: number, finishedAt: number, stderr: string[]): ContainerState {
  const message = stderr.slice(-5).join('\n');
  return {
    kind: 'Terminated',
    reason: exit.exitCode === 0 ? 'Completed' : 'Error',
    exitCode: exit.exitCode,
    ...(exit.signal ? { signal: exit.signal } : {}),
    startedAt,
    finishedAt,
    ...(message ? { message } : {}),
  };
}

function formatDelay(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10}s`;
  return `${ms}ms`;
}
