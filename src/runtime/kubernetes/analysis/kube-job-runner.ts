// The job provider's JobRunner on Kubernetes: a measurement is a batch/v1 Job in the run's
// namespace (named and marked as Argo does, see job-naming.ts). Its outcome is read from the
// Job's Complete / Failed conditions, from the Job informer's cache when it has the Job and with a
// GET otherwise (a Job just created may not be cached yet). A Job still running is 'stuck' when
// one of its pods' containers waits on an image that cannot be pulled (job-pods.ts). Its pods are
// listed (from the API server, with the Job's selector) only when that could be so: when the
// Job's status counts an active pod that is not ready; a Job whose pods all run ready costs no
// list. Stopping deletes the Job with foreground propagation, as Argo does, so its pods go with it.
import type { JobRunner, JobStart, JobState } from '../../../analysis/providers/index.ts';
import type { ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import { AlreadyExistsError, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import { workloadResources } from '../resources.ts';
import type { ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import { analysisJob, controllerUid, type JobObject, type JobOwner } from './job-naming.ts';
import { jobPodSelector, terminalWaiting, type JobPod } from './job-pods.ts';

export interface KubeJobRunnerOptions {
  client: ObjectClient;
  /** The AnalysisRun the Jobs belong to (one runner per run: Jobs live in the run's namespace). */
  owner: JobOwner;
  /** The Job informer's cache, when the controller has one. */
  jobs?: ReadableStore<Stored<JobObject>>;
}

export class KubeJobRunner implements JobRunner {
  readonly #client: ObjectClient;
  readonly #owner: JobOwner;
  readonly #jobs: ReadableStore<Stored<JobObject>> | undefined;

  constructor(options: KubeJobRunnerOptions) {
    this.#client = options.client;
    this.#owner = options.owner;
    this.#jobs = options.jobs;
  }

  async start({ name, job, metricName }: JobStart): Promise<void> {
    const object = analysisJob(name, this.#owner, metricName, job);
    try {
      await this.#client.create(workloadResources.jobs, this.#owner.namespace, object);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      // Created by an earlier attempt of this controller (or one that restarted): keep it if it is ours.
      const existing = await this.#client.get(workloadResources.jobs, this.#owner.namespace, name);
      if (controllerUid(existing) !== this.#owner.uid) {
        throw new Error(
          `a Job named ${name} already exists in namespace ${this.#owner.namespace} and belongs to another owner`,
        );
      }
    }
  }

  async status(name: string): Promise<JobState> {
    const job = this.#jobs?.getByName(this.#owner.namespace, name) ?? (await this.#get(name));
    if (job === undefined) return { phase: 'not-found' };
    const state = jobState(job);
    if (state.phase !== 'running' || !mayWaitOnImage(job)) return state;
    const pods = await this.#client.list(workloadResources.pods, {
      namespace: this.#owner.namespace,
      labelSelector: jobPodSelector(job),
    });
    const stuck = terminalWaiting(pods.items as JobPod[]);
    return stuck ? { phase: 'stuck', ...stuck } : state;
  }

  async stop(name: string): Promise<void> {
    try {
      await this.#client.delete(workloadResources.jobs, this.#owner.namespace, name, {
        propagationPolicy: 'Foreground',
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  async #get(name: string): Promise<Stored<JobObject> | undefined> {
    try {
      return await this.#client.get(workloadResources.jobs, this.#owner.namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}

/**
 * Whether a pod of a running Job may be waiting (on an image that cannot be pulled): an active pod
 * is not ready, by the Job's status. A pod waiting on its image is active and never ready; without
 * status.ready (an API server before 1.24) any active pod may be.
 */
export function mayWaitOnImage(job: Stored<JobObject>): boolean {
  const active = job.status?.active ?? 0;
  if (active === 0) return false;
  const ready = job.status?.ready;
  return ready === undefined || ready < active;
}

/** A Job's outcome from its conditions: Complete is success, Failed is failure (with the Job's reason). */
export function jobState(job: Stored<JobObject>): JobState {
  const conditions = job.status?.conditions ?? [];
  if (conditions.some((condition) => condition.type === 'Complete' && condition.status === 'True'))
    return { phase: 'succeeded' };
  const failedCondition = conditions.find((condition) => condition.type === 'Failed' && condition.status === 'True');
  if (failedCondition) {
    const detail = [failedCondition.reason, failedCondition.message].filter(Boolean).join(': ');
    return { phase: 'failed', message: `job ${job.metadata.name} failed${detail ? `: ${detail}` : ''}` };
  }
  return { phase: 'running' };
}
