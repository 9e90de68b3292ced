// The AnalysisRun controller: AnalysisRuns from the shared informer (only this instance's, by the
// instance-id label), a work queue, and per run one stepAnalysisRun (the same run loop as the local
// runtime: bookkeeping, then the due measurements with the providers) whose status is written
// through the status subresource; Events with Argo's reasons; the next reconcile at the next
// measurement time. Job metrics run as batch/v1 Jobs owned by the run (KubeJobRunner); a change to
// one of those Jobs reconciles its run at once. Secret args are read from watched Secrets (only the
// ones args name). A completed run with spec.ttlStrategy is deleted when its time is up.
// See docs/controller-analysis.md.
import type { AnalysisRun as AnalysisRunModel } from '../../../api/types/analysis.ts';
import { isCompleted } from '../../../analysis/assess-metric.ts';
import { redactor, secretArgRefs } from '../../../analysis/args.ts';
import { standardProviders, type JobRunner, type ProviderRegistry } from '../../../analysis/providers/index.ts';
import { CONTROLLER_INSTANCE_ID_LABEL } from '../../../conventions/labels.ts';
import { stepAnalysisRun } from '../../analysis/run-loop.ts';
import type { ListWatchClient, ObjectClient } from '../../../platform/kubernetes/client/interfaces.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import { NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import { argoResources, workloadResources } from '../resources.ts';
import { sleep, systemTimers, type Timers } from '../../../platform/kubernetes/client/timers.ts';
import type { SharedInformerFactory } from '../../../platform/kubernetes/informers/informer-factory.ts';
import { objectKey, splitKey } from '../../../platform/kubernetes/informers/object-store.ts';
import type { ControllerMetrics } from '../metrics/controller-metrics.ts';
import { InstrumentedWorkQueue } from '../metrics/workqueue-metrics.ts';
import { WorkQueue } from '../../../platform/kubernetes/queue/work-queue.ts';
import { runWorkers, type ProcessResult } from '../../../platform/kubernetes/queue/workers.ts';
import { ANALYSIS_RUN_UID_LABEL, type JobObject } from './job-naming.ts';
import { KubeJobRunner } from './kube-job-runner.ts';
import { noEvents, type AnalysisEventRecorder } from './run-events.ts';
import { SecretWatches } from './secret-watches.ts';
import { sameJson, writeRunStatus } from './status-writer.ts';
import { ttlExpiry } from './ttl.ts';

/** An AnalysisRun as the client and caches hold it. */
type AnalysisRun = Stored<AnalysisRunModel>;

export interface AnalysisRunControllerOptions {
  client: ObjectClient & ListWatchClient;
  /** The shared informers; the controller asks it for AnalysisRuns and for analysis Jobs. */
  informers: SharedInformerFactory;
  /** Only runs labelled with this instance id (argo-rollouts.argoproj.io/controller-instance-id); without one, only unlabelled runs. */
  instanceId?: string;
  /** Concurrent reconciles. Default DEFAULT_ANALYSIS_WORKERS (30). */
  workers?: number;
  timers?: Timers;
  /** The clock of measurements and status times; default timers.now. */
  now?: () => number;
  events?: AnalysisEventRecorder;
  /** analysis_run_reconcile, analysis_run_reconcile_error and the "AnalysisRuns" work queue metrics. */
  metrics?: ControllerMetrics;
  /** Default Prometheus address for metrics that give none. */
  prometheusAddress?: string;
  /** How often a running Job is looked at when no Job event comes. Default 10 s. */
  jobPollIntervalMs?: number;
  /** The providers for a run (tests); default prometheus, web and job with the Kubernetes Job runner. */
  providers?: (run: AnalysisRunModel, jobRunner: JobRunner) => ProviderRegistry;
  log?: (line: string) => void;
}

export interface AnalysisRunController {
  /** Secrets watched now (named by the args of runs in progress). */
  readonly watchedSecrets: number;
  /** Stops the workers (in-flight reconciles finish) and the Secret watches. Shared informers are the caller's. */
  stop(): Promise<void>;
}

const DEFAULT_JOB_POLL_MS = 10_000;
/** Concurrent reconciles by default: Argo's --analysis-threads. */
export const DEFAULT_ANALYSIS_WORKERS = 30;

/** Starts the controller: registers its informers on the factory and runs the workers until stop(). */
export function startAnalysisRunController(options: AnalysisRunControllerOptions): AnalysisRunController {
  const timers = options.timers ?? systemTimers;
  const now = options.now ?? (() => timers.now());
  const log = options.log ?? (() => undefined);
  const events = options.events ?? noEvents;
  const runs = options.informers.informerFor(argoResources.analysisRuns);
  const jobs = options.informers.informerFor(workloadResources.jobs, { labelSelector: ANALYSIS_RUN_UID_LABEL });
  const queue = options.metrics
    ? new InstrumentedWorkQueue<string>({ timers, name: 'AnalysisRuns', metrics: options.metrics.workQueues })
    : new WorkQueue<string>({ timers });
  const secrets = new SecretWatches({ client: options.client, timers, onError: (error) => log(error.message) });
  const stopping = new AbortController();
  const ours = (run: AnalysisRun): boolean => {
    const label = run.metadata.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
    return options.instanceId ? label === options.instanceId : label === undefined;
  };

  const removers = [
    runs.addEventHandler({
      onAdd: (run, key) => ours(run) && queue.add(key),
      onUpdate: (_previous, run) => ours(run) && queue.add(objectKey(run)),
      onDelete: (run) => queue.add(objectKey(run)),
    }),
    jobs.addEventHandler({
      onAdd: (job) => enqueueOwner(job),
      onUpdate: (_previous, job) => enqueueOwner(job),
      onDelete: (job) => enqueueOwner(job),
    }),
  ];

  function enqueueOwner(job: Stored<JobObject>): void {
    const owner = job.metadata.ownerReferences?.find((ref) => ref.controller && ref.kind === 'AnalysisRun');
    if (owner) queue.add(`${job.metadata.namespace}/${owner.name}`);
  }

  const registryFor = (run: AnalysisRun): ProviderRegistry => {
    const jobRunner = new KubeJobRunner({
      client: options.client,
      owner: { name: run.metadata.name, namespace: run.metadata.namespace, uid: run.metadata.uid },
      jobs: jobs.store,
    });
    if (options.providers) return options.providers(run, jobRunner);
    return standardProviders({
      jobRunner,
      jobPollIntervalMs: options.jobPollIntervalMs ?? DEFAULT_JOB_POLL_MS,
      ...(options.prometheusAddress ? { prometheusAddress: options.prometheusAddress } : {}),
    });
  };

  async function reconcile(key: string): Promise<ProcessResult | void> {
    const { namespace, name } = splitKey(key);
    const run = runs.store.get(key);
    if (run === undefined || !ours(run)) {
      secrets.forget(key);
      options.metrics?.forget('AnalysisRun', namespace, name);
      return;
    }
    if (run.metadata.deletionTimestamp) return;
    const started = timers.now();
    const secretValues: string[] = [];
    const redact = (text: string): string => redactor(secretValues)(text);
    try {
      return await reconcileRun(key, run, secretValues);
    } catch (error) {
      options.metrics?.countError('AnalysisRun', namespace, name);
      throw new Error(`analysisrun ${key}: ${redact((error as Error).message)}`);
    } finally {
      options.metrics?.observeReconcile('AnalysisRun', namespace, name, timers.now() - started);
    }
  }

  async function reconcileRun(key: string, run: AnalysisRun, secretValues: string[]): Promise<ProcessResult | void> {
    const { namespace } = run.metadata;
    const alreadyCompleted = isCompleted(run.status?.phase);
    if (alreadyCompleted) secrets.forget(key);
    else secrets.use(key, namespace, secretArgRefs(run.spec.args));
    const step = await stepAnalysisRun(run, {
      providers: registryFor(run),
      clock: { now, sleep: (ms, signal) => sleep(timers, ms, signal) },
      readSecret: async (ref, secretNamespace) => {
        const value = await secrets.read(ref, secretNamespace);
        if (value !== undefined) secretValues.push(value);
        return value;
      },
      stop: stopping.signal,
    });
    if (stopping.signal.aborted) return;
    const redact = redactor(secretValues);
    let current = run;
    if (!sameJson(step.run.status, run.status)) {
      const result = await writeRunStatus(options.client, run, step.run.status ?? {});
      if (!result.written) {
        log(`analysisrun ${key}: status not written, ${result.reason}; reconciling again`);
        return { requeueAfterMs: 0 };
      }
      current = result.run;
      if (current.status?.phase !== run.status?.phase)
        log(`analysisrun ${key}: phase ${run.status?.phase || '(none)'} -> ${current.status?.phase || '(none)'}`);
    }
    // Events go out in the background: the recorder reports what it cannot write.
    for (const event of step.events) void events.record(current, { ...event, message: redact(event.message) }, now());
    if (step.completed) {
      secrets.forget(key);
      return await collectAfterTtl(current);
    }
    return step.requeueAfterMs === undefined ? undefined : { requeueAfterMs: Math.max(0, step.requeueAfterMs) };
  }

  /** Deletes a completed run whose ttlStrategy time is up; otherwise comes back then. */
  async function collectAfterTtl(run: AnalysisRun): Promise<ProcessResult | void> {
    const expiry = ttlExpiry(run);
    if (expiry === undefined) return;
    const remaining = expiry - now();
    if (remaining > 0) return { requeueAfterMs: remaining };
    try {
      await options.client.delete(argoResources.analysisRuns, run.metadata.namespace, run.metadata.name, {
        propagationPolicy: 'Foreground',
      });
      log(`analysisrun ${objectKey(run)}: deleted, its ttlStrategy time is up`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  const workersDone = runWorkers(queue, {
    workers: options.workers ?? DEFAULT_ANALYSIS_WORKERS,
    handle: reconcile,
    onError: (_key, error) => log((error as Error).message),
  });

  return {
    get watchedSecrets() {
      return secrets.size;
    },
    async stop() {
      for (const remove of removers) remove();
      stopping.abort();
      await queue.shutDownWithDrain();
      await workersDone;
      await secrets.stop();
    },
  };
}
