// Runs one local job, detached from the runtime that started it: each attempt runs every
// container's command at once; the job succeeds when an attempt has all of them exit 0, fails
// after backoffLimit retries or past activeDeadlineSeconds. The outcome goes to result.json, so
// it survives a restart of the runtime. Usage: node local-job-wrapper.ts JOB_DIR
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { setLongTimeout } from '../../../platform/long-timer.ts';
import type { LocalJobPlan } from './local-job-spec.ts';

const jobDir = process.argv[2] ?? '';
const plan = JSON.parse(readFileSync(path.join(jobDir, 'plan.json'), 'utf8')) as LocalJobPlan;
const output = openSync(path.join(jobDir, 'output.log'), 'a');
const running = new Set<ChildProcess>();

function writeResult(succeeded: boolean, message: string): void {
  const file = path.join(jobDir, 'result.json');
  writeFileSync(`${file}.tmp`, JSON.stringify({ succeeded, message }));
  renameSync(`${file}.tmp`, file);
}

function runContainer(container: LocalJobPlan['containers'][number]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const [command = '', ...args] = container.argv;
    const child = spawn(command, args, {
      cwd: container.workingDir ?? process.cwd(),
      env: { ...process.env, ...container.env },
      stdio: ['ignore', output, output],
    });
    running.add(child);
    child.on('error', (error) => resolve(`container "${container.name}" could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (code === 0) resolve(undefined);
      else resolve(`container "${container.name}" ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`);
    });
  });
}

async function main(): Promise<void> {
  if (plan.activeDeadlineSeconds !== undefined) {
    setLongTimeout(
      () => {
        writeResult(false, `job was active longer than activeDeadlineSeconds (${plan.activeDeadlineSeconds})`);
        for (const child of running) child.kill('SIGKILL');
        process.exit(0);
      },
      plan.activeDeadlineSeconds * 1000,
      { unref: true },
    );
  }
  let failure = '';
  for (let attempt = 0; attempt <= plan.backoffLimit; attempt++) {
    const outcomes = await Promise.all(plan.containers.map(runContainer));
    const failed = outcomes.filter((outcome): outcome is string => outcome !== undefined);
    if (failed.length === 0) return writeResult(true, 'job completed');
    failure = failed.join('; ');
  }
  writeResult(false, `job failed after ${plan.backoffLimit + 1} attempt(s): ${failure}`);
}

process.on('SIGTERM', () => {
  for (const child of running) child.kill('SIGTERM');
  process.exit(143);
});

await main();
