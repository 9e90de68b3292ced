// Runs the sluice CLI as a real process for the tests, as a user runs it (bin/sluice, so the
// bundle, rebuilt when a source changed): once to its exit, or watching (-w) until its output
// shows what the test waits for, then interrupted as a user would with Ctrl-C.
import { spawn } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../support/ports.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The sources' entry point, for running them without the bundle. */
export const CLI = path.join(ROOT, 'src/cli/main.ts');
/** What users run: the bash wrapper that runs the bundle (bin/sluice execs node, so its pid is node's). */
export const SLUICE = path.join(ROOT, 'bin/sluice');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Replaces the variables that choose a target (SLUICE_*, KUBECONFIG, HOME) when given. */
  env?: NodeJS.ProcessEnv;
}

/** The environment of the test without anything that could pick a target by itself. */
export function neutralEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['SLUICE_TARGET', 'SLUICE_STATE_DIR', 'KUBECONFIG', 'NO_COLOR', 'FORCE_COLOR']) delete env[name];
  return { ...env, ...extra };
}

/** The environment with this test's node first on PATH, so bin/sluice runs the same node. */
export function withTestNode(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${env['PATH'] ?? ''}` };
}

function spawnCli(args: string[], options: CliOptions) {
  const child = spawn(SLUICE, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd ?? ROOT,
    env: withTestNode(options.env ?? neutralEnv()),
  });
  const result: CliResult = { code: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (result.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (result.stderr += text));
  const exited = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ ...result, code })));
  return { child, result, exited };
}

export function sluice(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).exited;
}

/** Starts a watching command, waits until its standard output satisfies `until`, then sends SIGINT. */
export async function sluiceWatching(
  args: string[],
  until: (stdout: string) => boolean,
  options: CliOptions & { beforeStop?: (stdout: () => string) => Promise<void> } = {},
): Promise<CliResult> {
  const { child, result, exited } = spawnCli(args, options);
  let ended: CliResult | undefined;
  void exited.then((done) => (ended = done));
  try {
    await waitFor(
      `"sluice ${args.join(' ')}" to print what the test waits for`,
      async () => {
        if (ended) throw new Error(`it exited with ${ended.code}:\n${ended.stdout}\n${ended.stderr}`);
        return until(result.stdout) || undefined;
      },
      60_000,
      50,
    );
    await options.beforeStop?.(() => result.stdout);
  } finally {
    if (!ended) child.kill('SIGINT');
  }
  return exited;
}

/** One sentence on standard error: one line, no stack trace. */
export function isOneSentence(stderr: string): boolean {
  const lines = stderr.trimEnd().split('\n');
  return lines.length === 1 && !/\n\s+at /.test(stderr) && !/Error:/.test(stderr);
}
