// Child processes in their own process group, so a stop reaches every process a child started
// (and groups left by an earlier run, adopted by pid and start time). Every live group is
// remembered; when this process exits (normally, or on SIGINT, SIGTERM or SIGHUP) the groups are
// killed, so no child outlives it. A program that stops its children gracefully on those signals
// says so with installProcessGroupCleanup({ gracefulShutdown }). The local runtime runs each
// container of a pod this way.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { setLongTimeout } from '../long-timer.ts';
import { isSameProcess, readIdentity } from './process-identity.ts';

/** What to run: a program, its arguments, its whole environment and its directory. */
export interface ProcessPlan {
  program: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface ProcessExit {
  /** The exit code; for a process killed by a signal, 128 + the signal number (as container runtimes report). */
  exitCode: number;
  signal: NodeJS.Signals | undefined;
}

export interface GroupProcess {
  pid: number;
  /** The leader's start time (process-identity.ts), where /proc tells it. */
  startTime?: string;
  /** Resolves once the process has exited and every other process of its group was killed. */
  exited: Promise<ProcessExit>;
  /** Sends a signal to the whole group; a group that is gone is ignored. */
  signal(signal: NodeJS.Signals): void;
}

export interface SpawnOptions {
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** Descriptors (of files) for the child's stdout and stderr instead of pipes; the caller closes them after the start. */
  output?: { stdout: number; stderr: number };
}

/** How often an adopted process (not a child of this one, so no exit event) is looked at. */
const ADOPTED_POLL_MS = 200;

const liveGroups = new Set<number>();
const OUTPUT_GRACE_MS = 1000;
let cleanupInstalled = false;

/** Starts the plan's program as the leader of a new process group; rejects when it cannot start (ENOENT, EACCES, ...). */
export function spawnGroup(plan: ProcessPlan, options: SpawnOptions = {}): Promise<GroupProcess> {
  installCleanup();
  const child = spawn(plan.program, plan.args, {
    env: plan.env,
    ...(plan.cwd ? { cwd: plan.cwd } : {}),
    detached: true,
    stdio: options.output ? ['ignore', options.output.stdout, options.output.stderr] : ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (text: string) => options.onStdout?.(text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => options.onStderr?.(text));
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      if (child.pid === undefined) reject(error);
    });
    child.once('spawn', () => {
      const pid = child.pid as number;
      liveGroups.add(pid);
      let gone = false;
      const exited = new Promise<ProcessExit>((resolveExit) => {
        // A leftover process of the group may hold the pipes open: kill the group on 'exit', then
        // wait for 'close' (the last output read) for a moment, in case one escaped the group.
        child.once('exit', (code, signal) => {
          killGroup(pid, 'SIGKILL');
          liveGroups.delete(pid);
          gone = true;
          const result = { exitCode: code ?? 128 + signalNumber(signal), signal: signal ?? undefined };
          const closed = new Promise<void>((resolveClose) => child.once('close', () => resolveClose()));
          void Promise.race([
            Promise.all([closed, groupGone(pid)]),
            delay(OUTPUT_GRACE_MS, undefined, { ref: false }),
          ]).then(() => resolveExit(result));
        });
      });
      // Once the group is gone its id may be reused: never signal it again.
      const startTime = readIdentity(pid)?.startTime;
      resolve({ pid, ...(startTime ? { startTime } : {}), exited, signal: (signal) => gone || killGroup(pid, signal) });
    });
  });
}

/**
 * Takes over a process group left by an earlier runtime, when its leader `pid` is still the process
 * that started at `startTime` (never a reused pid); undefined otherwise. It is not a child of this
 * process, so its end is noticed by looking at it every ADOPTED_POLL_MS, and its exit status is
 * unknown. It is killed with the other groups when the runtime exits.
 */
export function adoptGroup(pid: number, startTime: string): GroupProcess | undefined {
  if (!isSameProcess(pid, startTime) || readIdentity(pid)?.processGroup !== pid) return undefined;
  installCleanup();
  liveGroups.add(pid);
  let gone = false;
  const exited = new Promise<ProcessExit>((resolveExit) => {
    const timer = setInterval(() => {
      if (isSameProcess(pid, startTime)) return;
      clearInterval(timer);
      gone = true;
      liveGroups.delete(pid);
      // The rest of its group goes with it, as for a child; the group id is not reused while a member lives.
      killGroup(pid, 'SIGKILL');
      void groupGone(pid).then(() => resolveExit({ exitCode: UNKNOWN_EXIT_CODE, signal: undefined }));
    }, ADOPTED_POLL_MS);
  });
  return {
    pid,
    startTime,
    exited,
    signal: (signal) => gone || !isSameProcess(pid, startTime) || killGroup(pid, signal),
  };
}

/** What kubelet reports for a container whose exit status it could not learn (ContainerStatusUnknown). */
export const UNKNOWN_EXIT_CODE = 137;

/** SIGTERM to the group, then SIGKILL once the grace period is over; resolves when the process has exited. */
export async function terminateGroup(child: GroupProcess, gracePeriodMs: number): Promise<ProcessExit> {
  child.signal('SIGTERM');
  const timer = setLongTimeout(() => child.signal('SIGKILL'), gracePeriodMs);
  try {
    return await child.exited;
  } finally {
    timer.cancel();
  }
}

/** Pids of the groups still alive (for tests and diagnostics). */
export function liveProcessGroups(): number[] {
  return [...liveGroups];
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves once no process of the group is left (the killed ones may take a moment to go). */
async function groupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + OUTPUT_GRACE_MS;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await delay(5);
  }
}

function killAllGroups(): void {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (constants.signals[signal] ?? 0) : 0;
}

export interface ProcessGroupCleanupOptions {
  /**
   * The program's own stop on SIGINT, SIGTERM or SIGHUP (drain and stop the pods, close servers).
   * While it runs the groups are left alone; once it settles, any group still alive is killed and
   * the program ends as it decides (returning from main, process.exit). A second signal during or
   * after it kills every group and ends the program with that signal.
   */
  gracefulShutdown?: (signal: NodeJS.Signals) => Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let gracefulShutdown: ((signal: NodeJS.Signals) => Promise<void>) | undefined;
let shutdownStarted = false;

/**
 * Makes sure the groups are killed when the program exits or is signalled, and installs the
 * program's graceful shutdown when given (one at a time). Returns the function that removes that
 * shutdown again (the exit cleanup stays while groups may live).
 */
export function installProcessGroupCleanup(options: ProcessGroupCleanupOptions = {}): () => void {
  installCleanup();
  const shutdown = options.gracefulShutdown;
  if (!shutdown) return () => undefined;
  if (gracefulShutdown)
    throw new Error(
      'a graceful shutdown is already installed; remove it first with the function installProcessGroupCleanup returned',
    );
  gracefulShutdown = shutdown;
  shutdownStarted = false;
  return () => {
    if (gracefulShutdown === shutdown) gracefulShutdown = undefined;
  };
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllGroups);
  // First in line, so the count of other listeners below still includes a `process.once` one.
  for (const signal of SIGNALS) process.prependListener(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  if (shutdownStarted) return endBySignal(signal);
  const shutdown = gracefulShutdown;
  if (shutdown) {
    shutdownStarted = true;
    void Promise.resolve()
      .then(() => shutdown(signal))
      .catch((error: unknown) =>
        process.stderr.write(`graceful shutdown failed: ${(error as Error).message ?? String(error)}\n`),
      )
      .finally(killAllGroups);
    return;
  }
  // Without the opt-in, a program that listens for the signal itself is left to handle it (the
  // exit handler kills the groups later); kept for programs written before the opt-in.
  if (process.listenerCount(signal) > 1) return;
  endBySignal(signal);
}

/** Kills every group, then ends the program with the signal, as if nobody handled it. */
function endBySignal(signal: NodeJS.Signals): void {
  killAllGroups();
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}
