// The JobRunner port of the job provider: start a job from a metric's Job spec under a name, ask
// how it is doing, stop it. The local runtime runs the containers' commands as processes
// (local-runner.ts); the kubernetes runtime creates batch/v1 Jobs behind the same port. A job
// that has not ended but can never make progress on its own (a pod's container waiting on an
// image that cannot be pulled) is 'stuck', naming the pod, the container and the reason.
import type { JobMetric } from '../../../api/types/analysis.ts';
import type { RunIdentity } from '../provider.ts';

export type JobState =
  | { phase: 'running' }
  | { phase: 'succeeded' }
  | { phase: 'failed'; message: string }
  | { phase: 'stuck'; pod: string; container: string; reason: string; message: string }
  | { phase: 'not-found' };

export interface JobStart {
  /** Unique per run, metric and measurement: `<run uid or name>.<metric>.<n>`. */
  name: string;
  job: JobMetric;
  run: RunIdentity;
  metricName: string;
}

export interface JobRunner {
  /** Starts the job; a job already started under that name is kept (a restarted runtime asking again). */
  start(request: JobStart): Promise<void>;
  status(name: string): Promise<JobState>;
  /** Stops the job; a job that already ended or does not exist is not an error. */
  stop(name: string): Promise<void>;
}
