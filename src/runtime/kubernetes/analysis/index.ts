// The Kubernetes side of analysis: the AnalysisRun controller and the Kubernetes Job runner.
export {
  startAnalysisRunController,
  type AnalysisRunController,
  type AnalysisRunControllerOptions,
} from './analysis-run-controller.ts';
export { KubeJobRunner, jobState, type KubeJobRunnerOptions } from './kube-job-runner.ts';
export {
  analysisJob,
  ANALYSIS_RUN_METRIC_ANNOTATION,
  ANALYSIS_RUN_NAME_ANNOTATION,
  ANALYSIS_RUN_UID_LABEL,
  type JobObject,
  type JobOwner,
} from './job-naming.ts';
export { SecretWatches } from './secret-watches.ts';
export { noEvents, type AnalysisEventRecorder } from './run-events.ts';
export { ttlExpiry } from './ttl.ts';
