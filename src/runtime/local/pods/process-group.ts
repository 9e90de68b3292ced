// Child processes in their own process group, so a stop reaches every process a container
// started. Every live group is remembered; when the runtime exits (normally, or on SIGINT or
// SIGTERM with nobody else handling them) the groups are killed, so no child outlives it.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import type { LaunchPlan } from './container-launch.ts';

export interface ProcessExit {
  /** The exit code; for a process killed by a signal, 128 + the signal number (as container runtimes report). */
  exitCode: number;
  signal: NodeJS.Signals | undefined;
}

export interface GroupProcess {
  pid: number;
  /** Resolves once the process has exited and every other process of its group was killed. */
  exited: Promise<ProcessExit>;
  /** Sends a signal to the whole group; a group that is gone is ignored. */
  signal(signal: NodeJS.Signals): void;
}

export interface SpawnOptions {
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
}

const liveGroups = new Set<number>();
const OUTPUT_GRACE_MS = 1000;
let cleanupInstalled = false;

/** Starts the plan's program as the leader of a new process group; rejects when it cannot start (ENOENT, EACCES, ...). */
export function spawnGroup(plan: LaunchPlan, options: SpawnOptions = {}): Promise<GroupProcess> {
  installCleanup();
  const child = spawn(plan.program, plan.args, {
    env: plan.env,
    ...(plan.cwd ? { cwd: plan.cwd } : {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (text: string) => options.onStdout?.(text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => options.onStderr?.(text));
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
          void Promise.race([Promise.all([closed, groupGone(pid)]), delay(OUTPUT_GRACE_MS, undefined, { ref: false })]).then(() => resolveExit(result));
        });
      });
      // Once the group is gone its id may be reused: never signal it again.
      resolve({ pid, exited, signal: (signal) => gone || killGroup(pid, signal) });
    });
  });
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

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllGroups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // Someone else handles this signal (a graceful shutdown): the exit handler cleans up later.
      if (process.listenerCount(signal) > 1) return;
      killAllGroups();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
