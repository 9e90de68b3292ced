// A binary as a child process with its output in a log file, stopped with SIGTERM (SIGKILL after
// 10 s) and killed when the bench exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface LoggedProcess {
  readonly pid: number;
  readonly logPath: string;
  log(): string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export function spawnLogged(binary: string, args: string[], logPath: string): LoggedProcess {
  const fd = openSync(logPath, 'a');
  const child: ChildProcess = spawn(binary, args, {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, KUBECONFIG: '' },
  });
  closeSync(fd);
  // A binary that cannot start emits 'error' and no 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  process.once('exit', () => {
    if (alive()) child.kill('SIGKILL');
  });
  const log = (): string => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    pid: child.pid ?? 0,
    logPath,
    log,
    logTail: (lines = 40) => log().split('\n').slice(-lines).join('\n'),
    stop: async () => {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
