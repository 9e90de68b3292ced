// `sluice dashboard` as a real process for the browser tests and the benchmark: started from the
// sources as a user runs the CLI, ready when it prints its address (with the `#token=` to open).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { waitFor } from '../../support/ports.ts';
import { ROOT } from './browser.ts';

const CLI = path.join(ROOT, 'src/cli/main.ts');

export interface RunningDashboard {
  child: ChildProcess;
  /** The address it printed, with its `#token=` when it has one: opening it logs in. */
  url: string;
  /** `http://127.0.0.1:PORT`, for building the addresses of pages. */
  origin: string;
  output(): string;
  stop(): Promise<number | null>;
}

const ADDRESS = /^open (https?:\/\/\S+)$/m;

/** Starts `sluice dashboard ARGS` and waits until it prints the address it serves. */
export async function startDashboard(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunningDashboard> {
  const child = spawn(process.execPath, [CLI, 'dashboard', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = await waitFor(
    'sluice dashboard to print its address',
    async () => {
      if (exitCode !== undefined) throw new Error(`sluice dashboard exited with ${exitCode}:\n${output}`);
      return ADDRESS.exec(output)?.[1];
    },
    60_000,
  ).catch((error: Error) => {
    child.kill('SIGTERM');
    throw new Error(`${error.message}\noutput so far:\n${output}`);
  });
  return {
    child,
    url,
    origin: new URL(url).origin,
    output: () => output,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
