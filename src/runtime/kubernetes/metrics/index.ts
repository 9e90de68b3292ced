// The controller's /metrics: Argo Rollouts' metric names over our own exposition code.
export {
  createControllerMetrics,
  RECONCILE_BUCKETS,
  type ControllerMetrics,
  type ControllerMetricsOptions,
  type MetricsKind,
  type ObjectSources,
} from './controller-metrics.ts';
export { InstrumentedWorkQueue, WorkQueueMetrics, type InstrumentedWorkQueueOptions } from './workqueue-metrics.ts';
export {
  renderExposition,
  EXPOSITION_CONTENT_TYPE,
  type MetricFamily,
  type Sample,
} from '../../../platform/prometheus/exposition.ts';
export { Counter, Gauge, Histogram } from './instruments.ts';
export type { MetricsServer } from '../../../platform/prometheus/metrics-server.ts';
export { openFileDescriptors } from './process-collector.ts';
