// Child processes of the control plane: each runs detached in its own process group, with
// its output in a log file, and is stopped by signalling the whole group, so that nothing
// it started survives it.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  logPath: string;
  env?: NodeJS.ProcessEnv;
  /** Let the process outlive this one (no exit cleanup, not keeping the event loop alive). */
  detach?: boolean;
}

const running = new Map<number, ManagedProcess>();

export function startProcess(options: StartProcessOptions): ManagedProcess {
  const log = openSync(options.logPath, 'a');
  let child;
  try {
    child = spawn(options.command, options.args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env ?? process.env,
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${options.name} (${options.command}); see ${options.logPath}`);
  }
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(pid);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      done = true;
      running.delete(pid);
      resolve(error.message);
    });
  });
  const managed: ManagedProcess = {
    name: options.name,
    pid,
    logPath: options.logPath,
    exited,
    hasExited: () => done,
  };
  if (options.detach) {
    child.unref();
  } else {
    running.set(pid, managed);
    installExitCleanup();
  }
  return managed;
}

/** Stops a process group: SIGTERM, then SIGKILL after graceMs. */
export async function stopProcess(managed: ManagedProcess, graceMs = 5000): Promise<void> {
  if (managed.hasExited()) {
    signalGroup(managed.pid, 'SIGKILL'); // whatever it left behind in its group
    return;
  }
  signalGroup(managed.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<true>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const killed = await Promise.race([managed.exited.then(() => false), gaveUp]);
  clearTimeout(timer);
  signalGroup(managed.pid, 'SIGKILL'); // the group's other members, or the process itself
  if (killed) await managed.exited;
}

/**
 * Stops a process group known only by its leader's PID (from another Node process, as
 * `cli.ts down` does). Returns once no process of the group is left, or throws.
 */
export async function stopProcessGroup(pid: number, graceMs = 5000): Promise<void> {
  if (!groupIsAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupIsAlive(pid) && Date.now() < deadline) await delay(100);
  signalGroup(pid, 'SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (groupIsAlive(pid)) {
    if (Date.now() > killDeadline) throw new Error(`process group ${pid} survived SIGKILL`);
    await delay(50);
  }
}

export function groupIsAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The last lines of a log file, for error messages. */
export function logTail(logPath: string, lines = 30): string {
  try {
    return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let cleanupInstalled = false;

/**
 * Kills every process group still running when this process exits or is interrupted.
 * On SIGINT/SIGTERM it re-raises the signal once the groups are gone, so the default
 * behaviour (or another handler) still applies.
 */
function installExitCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllNow();
      process.removeListener(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function killAllNow(): void {
  for (const pid of running.keys()) signalGroup(pid, 'SIGKILL');
  running.clear();
}
