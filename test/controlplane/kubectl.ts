// Running the kubectl built with the control plane.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlOptions {
  /** Written to kubectl's standard input (for `-f -`). */
  input?: string;
  timeoutMs?: number;
}

export type Kubectl = (args: string[], options?: KubectlOptions) => Promise<KubectlResult>;

/**
 * kubectl with this kubeconfig. Its discovery cache lives beside the kubeconfig, not in
 * ~/.kube/cache, where a later control plane on the same port would find stale entries.
 */
export function kubectlFor(binDir: string, kubeconfigPath: string): Kubectl {
  const binary = path.join(binDir, 'kubectl');
  const cacheDir = path.join(path.dirname(kubeconfigPath), 'kubectl-cache');
  return (args, options = {}) =>
    runKubectl(binary, [`--kubeconfig=${kubeconfigPath}`, `--cache-dir=${cacheDir}`, ...args], options);
}

function runKubectl(binary: string, args: string[], options: KubectlOptions): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const err = Buffer.concat(stderr).toString('utf8');
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: signal === null ? err : `${err}kubectl ended by ${signal}\n`,
        code: code ?? 1,
      });
    });
    child.stdin.on('error', () => {}); // kubectl may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs kubectl and returns its stdout, or throws with its stderr when it fails. */
export async function kubectlOrThrow(kubectl: Kubectl, args: string[], options?: KubectlOptions): Promise<string> {
  const result = await kubectl(args, options);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Runs kubectl with `-o json` and parses the output. */
export async function kubectlJson<T = unknown>(kubectl: Kubectl, args: string[]): Promise<T> {
  return JSON.parse(await kubectlOrThrow(kubectl, [...args, '-o', 'json'])) as T;
}
