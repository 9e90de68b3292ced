// Argo Rollouts' controller metrics: name, type and label names, as its controller/metrics
// package declares them. Dashboards and alerts written for Argo query these.
export const argoMetricList: ReadonlyArray<{
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: readonly string[];
}> = [
  { name: 'rollout_info', type: 'gauge', labels: ['namespace', 'name', 'strategy', 'traffic_router', 'phase'] },
  { name: 'rollout_info_replicas_available', type: 'gauge', labels: ['namespace', 'name'] },
  { name: 'rollout_info_replicas_unavailable', type: 'gauge', labels: ['namespace', 'name'] },
  { name: 'rollout_info_replicas_desired', type: 'gauge', labels: ['namespace', 'name'] },
  { name: 'rollout_info_replicas_updated', type: 'gauge', labels: ['namespace', 'name'] },
  { name: 'rollout_phase', type: 'gauge', labels: ['namespace', 'name', 'strategy', 'phase'] },
  { name: 'rollout_reconcile', type: 'histogram', labels: ['namespace', 'name'] },
  { name: 'rollout_reconcile_error', type: 'counter', labels: ['namespace', 'name'] },
  { name: 'rollout_events_total', type: 'counter', labels: ['namespace', 'name', 'type', 'reason'] },
  { name: 'analysis_run_info', type: 'gauge', labels: ['namespace', 'name', 'phase'] },
  { name: 'analysis_run_phase', type: 'gauge', labels: ['namespace', 'name', 'phase'] },
  { name: 'analysis_run_metric_type', type: 'gauge', labels: ['namespace', 'name', 'metric', 'type'] },
  {
    name: 'analysis_run_metric_phase',
    type: 'gauge',
    labels: ['namespace', 'name', 'metric', 'type', 'dry_run', 'phase'],
  },
  { name: 'analysis_run_reconcile', type: 'histogram', labels: ['namespace', 'name'] },
  { name: 'analysis_run_reconcile_error', type: 'counter', labels: ['namespace', 'name'] },
  { name: 'analysis_template_info', type: 'gauge', labels: ['namespace', 'name'] },
  { name: 'analysis_template_metric_info', type: 'gauge', labels: ['namespace', 'name', 'type', 'metric'] },
  { name: 'experiment_info', type: 'gauge', labels: ['namespace', 'name', 'phase'] },
  { name: 'experiment_phase', type: 'gauge', labels: ['namespace', 'name', 'phase'] },
  { name: 'experiment_reconcile', type: 'histogram', labels: ['namespace', 'name'] },
  { name: 'experiment_reconcile_error', type: 'counter', labels: ['namespace', 'name'] },
  {
    name: 'controller_clientset_k8s_request_total',
    type: 'counter',
    labels: ['kind', 'namespace', 'name', 'verb', 'status_code'],
  },
  { name: 'argo_rollouts_controller_info', type: 'gauge', labels: ['version'] },
  { name: 'workqueue_adds_total', type: 'counter', labels: ['name'] },
  { name: 'workqueue_depth', type: 'gauge', labels: ['name'] },
  { name: 'workqueue_queue_duration_seconds', type: 'histogram', labels: ['name'] },
  { name: 'workqueue_work_duration_seconds', type: 'histogram', labels: ['name'] },
  { name: 'workqueue_unfinished_work_seconds', type: 'gauge', labels: ['name'] },
  { name: 'workqueue_longest_running_processor_seconds', type: 'gauge', labels: ['name'] },
  { name: 'workqueue_retries_total', type: 'counter', labels: ['name'] },
];
