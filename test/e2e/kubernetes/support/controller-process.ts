// The controller under test as a real child process: `bin/sluice controller --kubeconfig ...`, its
// output in a log file, stopped with SIGTERM, killed with SIGKILL, started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../controlplane/paths.ts';

export interface ControllerProcess {
  readonly logPath: string;
  readonly pid: number | undefined;
  /** Its exit status once it has exited (null while it runs, or when ended by a signal). */
  readonly exitCode: number | null;
  /** Settles when it exits. */
  readonly exited: Promise<void>;
  /** Its whole output so far. */
  log(): string;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** The last lines of its output, for failure messages. */
  logTail(lines?: number): string;
}

export interface ControllerStart {
  kubeconfigPath: string;
  logDir: string;
  /** Extra arguments (--instance-id, --namespace, ...). */
  args?: string[];
  /** Distinguishes the log files of several runs. */
  name?: string;
  /** Extra environment (e.g. NODE_OPTIONS for a profile). */
  env?: Record<string, string>;
}

const sluice = path.join(repoRoot, 'bin', 'sluice');
let runs = 0;

export function startControllerProcess(start: ControllerStart): ControllerProcess {
  const logPath = path.join(start.logDir, `${start.name ?? 'controller'}-${++runs}.log`);
  const fd = openSync(logPath, 'a');
  const child: ChildProcess = spawn(
    sluice,
    ['controller', '--kubeconfig', start.kubeconfigPath, '--metrics-port', '0', ...(start.args ?? [])],
    {
      stdio: ['ignore', fd, fd],
      env: { ...process.env, KUBECONFIG: '', ...start.env },
    },
  );
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const finish = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (!alive()) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  process.once('exit', () => {
    if (alive()) child.kill('SIGKILL');
  });
  return {
    logPath,
    pid: child.pid,
    get exitCode() {
      return child.exitCode;
    },
    exited,
    log: () => {
      try {
        return readFileSync(logPath, 'utf8');
      } catch {
        return '';
      }
    },
    kill: () => finish('SIGKILL', 0),
    stop: () => finish('SIGTERM', 10_000),
    logTail: (lines = 40) => {
      try {
        return readFileSync(logPath, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
}
