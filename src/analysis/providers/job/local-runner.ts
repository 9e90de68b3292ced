// The local JobRunner: a job is a detached wrapper process (local-job-wrapper.ts) that runs the
// containers' commands. Its identity (pid and process start time) and its outcome live in a
// state directory, so a restarted runtime finds the same job again and never mixes it up with
// an unrelated process that reused the pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { localJobPlan, type ContainerEnvResolver } from './local-job-spec.ts';
import type { JobRunner, JobStart, JobState } from './runner.ts';

const WRAPPER = fileURLToPath(new URL('./local-job-wrapper.ts', import.meta.url));

interface JobRecord {
  name: string;
  pid: number;
  /** Start time of the process (/proc/<pid>/stat field 22) to tell it from a later one with the same pid. */
  processStart?: string;
  run: string;
  metric: string;
}

/** The job's pod template as given (untyped in the job metric): what the downward API reads of it. */
export interface JobPodTemplate {
  metadata?: { labels?: unknown; annotations?: unknown };
  spec?: { serviceAccountName?: unknown; serviceAccount?: unknown };
}

export interface LocalJobRunnerOptions {
  /**
   * Variables under each container's env, for the job's pod (`sluice run`: the mesh as HTTP
   * proxy, so a job calls Services by their cluster DNS names, short ones in the run's namespace).
   */
  env?: (pod: { namespace: string; name: string }) => Record<string, string>;
  /** Resolves env and envFrom of the job's pod (`sluice run`: from its ConfigMaps and Secrets, the downward API). */
  resolveEnv?: (pod: { namespace: string; name: string; template: JobPodTemplate }) => ContainerEnvResolver;
}

export class LocalJobRunner implements JobRunner {
  readonly #stateDir: string;
  readonly #env: LocalJobRunnerOptions['env'];
  readonly #resolveEnv: LocalJobRunnerOptions['resolveEnv'];

  constructor(stateDir: string, options: LocalJobRunnerOptions = {}) {
    this.#stateDir = stateDir;
    this.#env = options.env;
    this.#resolveEnv = options.resolveEnv;
  }

  async start({ name, job, run, metricName }: JobStart): Promise<void> {
    const dir = this.#dir(name);
    if (existsSync(path.join(dir, 'job.json'))) return;
    const pod = { namespace: run.namespace, name };
    const template = (job.spec?.template ?? {}) as JobPodTemplate;
    const plan = localJobPlan(job, this.#resolveEnv?.({ ...pod, template }));
    const env = this.#env?.(pod);
    if (env) for (const container of plan.containers) container.env = { ...env, ...container.env };
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
    const child = spawn(process.execPath, [WRAPPER, dir], { detached: true, stdio: 'ignore' });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid ?? 0));
      child.once('error', reject);
    });
    child.unref();
    const start = processStartOf(pid);
    const record: JobRecord = {
      name,
      pid,
      ...(start === undefined ? {} : { processStart: start }),
      run: `${run.namespace}/${run.name}`,
      metric: metricName,
    };
    writeAtomically(path.join(dir, 'job.json'), JSON.stringify(record));
  }

  async status(name: string): Promise<JobState> {
    const record = this.#record(name);
    if (!record) return { phase: 'not-found' };
    const result = this.#result(name);
    if (result) return result;
    if (isSameProcess(record)) return { phase: 'running' };
    return (
      this.#result(name) ?? {
        phase: 'failed',
        message: `job ${name} stopped without recording its outcome (its process ${record.pid} was killed)`,
      }
    );
  }

  async stop(name: string): Promise<void> {
    const record = this.#record(name);
    if (!record || this.#result(name)) return;
    writeAtomically(
      path.join(this.#dir(name), 'result.json'),
      JSON.stringify({ succeeded: false, message: 'job terminated' }),
    );
    if (!isSameProcess(record)) return;
    try {
      process.kill(-record.pid, 'SIGTERM');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /** The job's output (stdout and stderr of its containers), for messages and debugging. */
  output(name: string): string {
    try {
      return readFileSync(path.join(this.#dir(name), 'output.log'), 'utf8');
    } catch {
      return '';
    }
  }

  #dir(name: string): string {
    return path.join(this.#stateDir, name.replace(/[^A-Za-z0-9._-]/g, '_'));
  }

  #record(name: string): JobRecord | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.#dir(name), 'job.json'), 'utf8')) as JobRecord;
    } catch {
      return undefined;
    }
  }

  #result(name: string): JobState | undefined {
    let result: { succeeded: boolean; message: string };
    try {
      result = JSON.parse(readFileSync(path.join(this.#dir(name), 'result.json'), 'utf8')) as typeof result;
    } catch {
      return undefined;
    }
    if (result.succeeded) return { phase: 'succeeded' };
    const lastLine = this.output(name).trimEnd().split('\n').at(-1) ?? '';
    return {
      phase: 'failed',
      message: lastLine === '' ? result.message : `${result.message} (last output: ${lastLine.slice(0, 200)})`,
    };
  }
}

function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isSameProcess(record: JobRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (record.processStart === undefined) return true;
  const state = readProcState(record.pid);
  if (state === 'Z') return false;
  return processStartOf(record.pid) === record.processStart;
}

function readProcState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}
