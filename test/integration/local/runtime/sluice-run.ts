// Runs `sluice run` as a real process for the tests, and talks to it through the local API as the
// CLI does. Every wait polls a condition with a generous deadline; nothing sleeps for a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';
import { liveRuntime, readToken } from '../../../../src/runtime/local/api/state-files.ts';
import { waitFor } from '../../../support/ports.ts';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI = path.join(ROOT, 'src/cli/main.ts');
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const IMAGES = path.join(FIXTURES, 'images.yaml');
/** The `exit-code` AnalysisTemplate: a job metric that exits with its `code` argument. */
export const EXIT_CODE_TEMPLATE_FILE = path.join(FIXTURES, 'canary-analysis/template.yaml');
export const EXIT_CODE_TEMPLATE = readFileSync(EXIT_CODE_TEMPLATE_FILE, 'utf8');
const DEADLINE_MS = 60_000;

export interface RunningSluice {
  stateDir: string;
  child: ChildProcess;
  client: RuntimeClient;
  apiUrl: string;
  gatewayUrl: string;
  token: string;
  output(): string;
  /** SIGTERM, then waits for the process to exit; resolves to its exit code. */
  stop(): Promise<number | null>;
}

const temporaryDirs: string[] = [];
process.once('exit', () => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A directory removed when the test process exits. */
export function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sluice-${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

/** A copy of a fixture folder, to edit in a test. */
export function copyFixture(name: string): string {
  const dir = temporaryDir(`${name}-manifests`);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function editFile(file: string, edit: (text: string) => string): void {
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

export async function startSluice(
  files: string[],
  options: { stateDir?: string; extraArgs?: string[] } = {},
): Promise<RunningSluice> {
  const stateDir = options.stateDir ?? temporaryDir('state');
  const args = [
    CLI,
    'run',
    ...files.flatMap((file) => ['-f', file]),
    '--images',
    IMAGES,
    '--state-dir',
    stateDir,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const info = await waitFor(
    `sluice run to start (output so far:\n${output})`,
    async () => {
      if (exitCode !== undefined) throw new Error(`sluice run exited with ${exitCode}:\n${output}`);
      const live = liveRuntime(stateDir);
      return live && live.pid === child.pid && output.includes('Change it with') ? live : undefined;
    },
    DEADLINE_MS,
  );
  const token = readToken(stateDir) ?? '';
  return {
    stateDir,
    child,
    client: new RuntimeClient(info.apiUrl, token),
    apiUrl: info.apiUrl,
    gatewayUrl: info.gatewayUrl ?? '',
    token,
    output: () => output,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}

export function rollout(sluice: RunningSluice, namespace: string, name: string): Promise<RolloutDetail> {
  return sluice.client.get<RolloutDetail>(`/api/v1/rollouts/${namespace}/${name}`);
}

/** Polls the rollout until `check` returns a value; the failure message shows the last state seen. */
export async function waitForRollout<T>(
  sluice: RunningSluice,
  namespace: string,
  name: string,
  what: string,
  check: (detail: RolloutDetail) => T | undefined | false,
): Promise<T> {
  let last: RolloutDetail | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = await rollout(sluice, namespace, name);
        const value = check(last);
        return value === false ? undefined : value;
      },
      DEADLINE_MS,
      100,
    );
  } catch (error) {
    const status = last?.rollout.status;
    throw new Error(
      `${(error as Error).message}; last status: phase ${status?.phase} (${status?.message ?? ''}), step ${status?.currentStepIndex}, ReplicaSets ${JSON.stringify(last?.replicaSets.map((rs) => [rs.metadata.name, rs.spec.replicas, rs.status?.availableReplicas]))}\n${sluice.output().slice(-3000)}`,
    );
  }
}

/** The first deploy of the fixtures' rollout `colorapi`: Healthy, with every stable pod ready. */
export function waitForFirstDeploy(sluice: RunningSluice): Promise<RolloutDetail> {
  return waitForRollout(sluice, 'default', 'colorapi', 'the first deploy', (d) => {
    const status = d.rollout.status;
    const ready = readyPodsByHash(d)[status?.stableRS ?? ''];
    return status?.phase === 'Healthy' && ready === (d.rollout.spec.replicas ?? 1) ? d : undefined;
  });
}

/** Turns the fixture's rollout.yaml in `manifests` from colorapi:red to colorapi:blue and applies it. */
export async function applyBlue(sluice: RunningSluice, manifests: string): Promise<void> {
  editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('colorapi:red', 'colorapi:blue'));
  const applied = await runCli(['apply', '-f', manifests, '--state-dir', sluice.stateDir]);
  if (applied.code !== 0) throw new Error(`sluice apply exited with ${applied.code}: ${applied.stderr}`);
}

/** Ready pods per pod-template hash. */
export function readyPodsByHash(detail: RolloutDetail): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pod of detail.pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (!(pod.status?.containerStatuses ?? []).every((c) => c.ready)) continue;
    const hash = pod.metadata.labels?.['rollouts-pod-template-hash'] ?? '';
    counts[hash] = (counts[hash] ?? 0) + 1;
  }
  return counts;
}

/** Runs the CLI once (apply, delete, ...) and returns its exit code and output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
