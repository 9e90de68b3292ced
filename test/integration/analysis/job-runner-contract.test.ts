// The JobRunner contract over the local runner: real processes started with sh, their state
// directory read back, a stopped job's process group gone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { LocalJobRunner } from '../../../src/analysis/providers/job/local-runner.ts';
import { runJobRunnerContract, type JobOutcome } from '../../contracts/job-runner-contract.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'sluice-job-contract-'));
const runners: Array<{ runner: LocalJobRunner; names: string[] }> = [];

after(async () => {
  for (const { runner, names } of runners) for (const name of names) await runner.stop(name);
  rmSync(root, { recursive: true, force: true });
});

const scripts: Record<JobOutcome, string> = {
  succeeds: 'exit 0',
  fails: 'echo "3 of 10 checks failed" >&2; exit 3',
  runs: 'sleep 120',
};

/** Whether the job's process group (the wrapper and its containers' processes) still exists. */
function groupAlive(stateDir: string, name: string): boolean {
  let pid: number;
  try {
    pid = (JSON.parse(readFileSync(path.join(stateDir, name, 'job.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return false;
  }
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

runJobRunnerContract({
  name: 'local runner (processes)',
  skips: {
    stuck:
      "the local runner runs a job container's command as a process and never pulls or resolves its image (the image catalogue is for pods), so no container can wait on one",
  },
  create: async () => {
    const stateDir = mkdtempSync(path.join(root, 'state-'));
    const runner = new LocalJobRunner(stateDir);
    const names: string[] = [];
    runners.push({ runner, names });
    const tracked = {
      start: async (request: Parameters<LocalJobRunner['start']>[0]) => {
        names.push(request.name);
        await runner.start(request);
      },
      status: (name: string) => runner.status(name),
      stop: (name: string) => runner.stop(name),
    };
    return {
      runner: tracked,
      job: (outcome) => ({
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'check', image: 'busybox', command: ['sh', '-c', scripts[outcome]] }],
            },
          },
        },
      }),
      finish: async () => {},
      stillRunning: async (name) => groupAlive(stateDir, name),
    };
  },
});
