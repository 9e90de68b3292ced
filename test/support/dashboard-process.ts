// Runs `sluice dashboard` as a process from the sources, waits for the URL it prints, and stops
// it with a signal as a user does with Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './ports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'src/cli/main.ts');

export interface RunningDashboard {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` and the root path (`--root-path`), if any: `http://127.0.0.1:PORT/rollouts` */
  base: string;
  token: string;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface DashboardRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnDashboard(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI, 'dashboard', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => {
      code = exitCode;
      resolve(exitCode);
    }),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr, code: () => code };
}

/** Runs it to its exit (for the refusals that end it at once). */
export async function dashboardOnce(args: string[], env: NodeJS.ProcessEnv): Promise<DashboardRun> {
  const run = spawnDashboard(args, env);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

export async function startDashboardProcess(args: string[], env: NodeJS.ProcessEnv): Promise<RunningDashboard> {
  const run = spawnDashboard(args, env);
  const match = await waitFor(
    'sluice dashboard to print its URL',
    async () => {
      const exitCode = run.code();
      if (exitCode !== undefined)
        throw new Error(`sluice dashboard exited with ${exitCode}:\n${run.stdout()}\n${run.stderr()}`);
      return /open (http:\/\/[^/\s]+(?:\/[^#\s]*[^/#\s])?)\/#token=(\S+)/.exec(run.stdout()) ?? undefined;
    },
    60_000,
    50,
  );
  return {
    child: run.child,
    base: match[1] ?? '',
    token: match[2] ?? '',
    stdout: run.stdout,
    stderr: run.stderr,
    stop: async (signal = 'SIGINT') => {
      if (run.code() === undefined) run.child.kill(signal);
      return run.exited;
    },
  };
}
