// The controller's metrics under Argo Rollouts' names, so existing dashboards and alerts work:
// reconcile histograms and error counters per kind, rollout events, Kubernetes requests, work
// queues, the object families computed from the informer caches at scrape time, and process
// metrics. See docs/controller-metrics.md.
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../../../api/types/analysis.ts';
import type { Experiment } from '../../../api/types/experiment.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { RequestObserver, RequestRecord } from '../../../platform/kubernetes/client/request-metrics.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';
import { analysisRunFamilies, analysisTemplateFamilies } from './analysis-collector.ts';
import { experimentFamilies } from './experiment-collector.ts';
import {
  mergeFamilies,
  renderPage,
  type LineFamily,
  type MetricFamily,
} from '../../../platform/prometheus/exposition.ts';
import { Counter, Histogram } from './instruments.ts';
import { SharedLabelTexts } from './shared-label-texts.ts';
import { startMetricsServer, type MetricsServer } from '../../../platform/prometheus/metrics-server.ts';
import { processFamilies } from './process-collector.ts';
import { rolloutFamilies, rolloutLineFamilies } from './rollout-collector.ts';
import { WorkQueueMetrics } from './workqueue-metrics.ts';

/** Argo's buckets of the reconcile histograms, in seconds. */
export const RECONCILE_BUCKETS = [0.01, 0.15, 0.25, 0.5, 1] as const;

/** Lists of cached objects, read at every scrape (usually `() => informer.store.list()`). */
export interface ObjectSources {
  rollouts?: () => ReadonlyArray<Stored<Rollout>>;
  analysisRuns?: () => ReadonlyArray<Stored<AnalysisRun>>;
  analysisTemplates?: () => ReadonlyArray<Stored<AnalysisTemplate>>;
  clusterAnalysisTemplates?: () => ReadonlyArray<Stored<ClusterAnalysisTemplate>>;
  experiments?: () => ReadonlyArray<Stored<Experiment>>;
}

export type MetricsKind = 'Rollout' | 'AnalysisRun' | 'Experiment';

export interface ControllerMetricsOptions {
  /** The `version` label of argo_rollouts_controller_info. */
  version?: string;
  sources?: ObjectSources;
  /** Process metrics (process_open_fds, ...); default true. */
  processMetrics?: boolean;
  /** Epoch ms of the process start, for process_start_time_seconds; default: now minus uptime. */
  processStartMs?: number;
}

export interface ControllerMetrics {
  readonly rolloutReconcile: Histogram;
  readonly rolloutReconcileError: Counter;
  readonly rolloutEvents: Counter;
  readonly analysisRunReconcile: Histogram;
  readonly analysisRunReconcileError: Counter;
  readonly experimentReconcile: Histogram;
  readonly experimentReconcileError: Counter;
  readonly k8sRequests: Counter;
  /** notification_send_success / notification_send_error (namespace, name, type, reason) and notification_send. */
  readonly notificationSuccess: Counter;
  readonly notificationError: Counter;
  readonly notificationSend: Histogram;
  /** Give to `new KubeClient(connection, { observe })`: counts controller_clientset_k8s_request_total. */
  readonly observeRequest: RequestObserver;
  /** Pass to InstrumentedWorkQueue for the workqueue_* families. */
  readonly workQueues: WorkQueueMetrics;
  /** Records one reconcile of `kind` that took `durationMs`. */
  observeReconcile(kind: MetricsKind, namespace: string, name: string, durationMs: number): void;
  /** Counts one failed reconcile of `kind`. */
  countError(kind: MetricsKind, namespace: string, name: string): void;
  /** Sets (or replaces) the lists read at scrape time; informers usually exist only after the metrics. */
  setSources(sources: ObjectSources): void;
  /** Forgets the reconcile series of a deleted object. */
  forget(kind: MetricsKind, namespace: string, name: string): void;
  collect(): MetricFamily[];
  /** The exposition text of every family. */
  render(): string;
  /** Serves /metrics on `port` (0 picks one); close() it at shutdown. */
  serve(port: number, host?: string): Promise<MetricsServer>;
}

/**
 * The labels of one request in controller_clientset_k8s_request_total, as Argo gives them: lists,
 * Events and ReplicaSets are named `N/A` (a series per Event or ReplicaSet name would grow with
 * every revision and never go away: hundreds of thousands of series over weeks, Argo's #2851),
 * a request of no known verb is `Unknown` in kind, namespace and name.
 */
function requestLabels(record: RequestRecord): Record<string, string> {
  const status_code = String(record.statusCode);
  if (record.verb === 'Unknown')
    return { kind: 'Unknown', namespace: 'Unknown', name: 'Unknown', verb: 'Unknown', status_code };
  const unnamed = record.verb === 'List' || record.kind === 'events' || record.kind === 'replicasets';
  return {
    kind: record.kind,
    namespace: record.namespace,
    name: unnamed ? 'N/A' : record.name,
    verb: record.verb,
    status_code,
  };
}

export function createControllerMetrics(options: ControllerMetricsOptions = {}): ControllerMetrics {
  const namespaceName = ['namespace', 'name'];
  // The text `{namespace="…",name="…"` of an object, once for all its series (a rollout's reconcile
  // histogram and its Event counters: 9 or more).
  const texts = new SharedLabelTexts();
  const objectLabels = namespaceName.length;
  const histogram = (name: string, help: string): Histogram =>
    new Histogram({ name, help, labelNames: namespaceName, objectLabels, texts, buckets: RECONCILE_BUCKETS });
  const counter = (name: string, help: string, extra: string[] = []): Counter =>
    new Counter({ name, help, labelNames: [...namespaceName, ...extra], objectLabels, texts });
  const rolloutReconcile = histogram('rollout_reconcile', 'Rollout reconciliation performance.');
  const rolloutReconcileError = counter('rollout_reconcile_error', 'Error occurring during the rollout');
  const rolloutEvents = counter('rollout_events_total', 'Count of rollout events', ['type', 'reason']);
  const analysisRunReconcile = histogram('analysis_run_reconcile', 'Analysis Run reconciliation performance.');
  const analysisRunReconcileError = counter('analysis_run_reconcile_error', 'Error occurring during the analysis run');
  const experimentReconcile = histogram('experiment_reconcile', 'Experiments reconciliation performance.');
  const experimentReconcileError = counter('experiment_reconcile_error', 'Error occurring during the experiment');
  const k8sRequests = new Counter({
    name: 'controller_clientset_k8s_request_total',
    help: 'Number of kubernetes requests executed during application reconciliation.',
    labelNames: ['kind', 'namespace', 'name', 'verb', 'status_code'],
  });
  const notificationSuccess = counter('notification_send_success', 'Notification send success.', ['type', 'reason']);
  const notificationError = counter('notification_send_error', 'Error sending the notification', ['type', 'reason']);
  const notificationSend = histogram('notification_send', 'Notification send performance.');
  const workQueues = new WorkQueueMetrics();
  let sources: ObjectSources = options.sources ?? {};
  const processStartSeconds = (options.processStartMs ?? Date.now() - process.uptime() * 1000) / 1000;
  const reconcile = { Rollout: rolloutReconcile, AnalysisRun: analysisRunReconcile, Experiment: experimentReconcile };
  const errors = {
    Rollout: rolloutReconcileError,
    AnalysisRun: analysisRunReconcileError,
    Experiment: experimentReconcileError,
  };

  /**
   * Every family in page order; `asLines`: the families with a series per rollout as lines
   * (render), else as samples (collect). Both render to the same text.
   */
  const families = (asLines: boolean): Array<MetricFamily | LineFamily> => {
    const families: Array<MetricFamily | LineFamily> = [];
    const instrument = (each: Counter | Histogram): MetricFamily | LineFamily =>
      asLines ? each.lines() : each.collect();
    if (sources.rollouts) families.push(...(asLines ? rolloutLineFamilies : rolloutFamilies)(sources.rollouts()));
    if (sources.experiments) families.push(...experimentFamilies(sources.experiments()));
    if (sources.analysisRuns) families.push(...analysisRunFamilies(sources.analysisRuns()));
    const templates = [...(sources.analysisTemplates?.() ?? []), ...(sources.clusterAnalysisTemplates?.() ?? [])];
    if (sources.analysisTemplates || sources.clusterAnalysisTemplates)
      families.push(...analysisTemplateFamilies(templates));
    families.push(
      ...[
        rolloutReconcile,
        rolloutReconcileError,
        rolloutEvents,
        experimentReconcile,
        experimentReconcileError,
        analysisRunReconcile,
        analysisRunReconcileError,
        k8sRequests,
        notificationSuccess,
        notificationError,
        notificationSend,
      ].map(instrument),
      ...workQueues.collect(),
      {
        name: 'argo_rollouts_controller_info',
        help: 'Running Argo-rollouts version',
        type: 'gauge',
        samples: [
          { name: 'argo_rollouts_controller_info', labels: { version: options.version ?? 'unknown' }, value: 1 },
        ],
      },
    );
    if (options.processMetrics !== false) families.push(...processFamilies(processStartSeconds));
    return families;
  };
  const collect = (): MetricFamily[] =>
    mergeFamilies(families(false).filter((family): family is MetricFamily => 'samples' in family));
  const render = (): string => renderPage(families(true));

  const metrics: ControllerMetrics = {
    rolloutReconcile,
    rolloutReconcileError,
    rolloutEvents,
    analysisRunReconcile,
    analysisRunReconcileError,
    experimentReconcile,
    experimentReconcileError,
    k8sRequests,
    notificationSuccess,
    notificationError,
    notificationSend,
    workQueues,
    observeRequest: (record) => k8sRequests.inc(requestLabels(record)),
    observeReconcile: (kind, namespace, name, durationMs) =>
      reconcile[kind].observe({ namespace, name }, durationMs / 1000),
    countError: (kind, namespace, name) => errors[kind].inc({ namespace, name }),
    setSources: (next) => {
      sources = next;
    },
    forget: (kind, namespace, name) => {
      reconcile[kind].remove({ namespace, name });
      errors[kind].remove({ namespace, name });
      if (kind === 'Rollout') rolloutEvents.removeMatching({ namespace, name });
    },
    collect,
    render,
    serve: (port, host) =>
      startMetricsServer({
        what: 'the metrics server',
        // All interfaces by default, as a Pod's metrics port needs.
        host: host ?? '0.0.0.0',
        port,
        portHint: 'choose another with --metrics-port (0 turns it off)',
        paths: ['/metrics'],
        render,
      }),
  };
  return metrics;
}
