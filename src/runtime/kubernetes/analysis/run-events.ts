// Where the AnalysisRun controller sends its Events (core/v1 Events with Argo's reasons:
// MetricSuccessful, MetricFailed, AnalysisRunSuccessful, AnalysisRunFailed, ...). Structurally the
// same as the rollout controller's EventRecorder, so one recorder serves both.
import type { AnalysisEvent } from '../../../analysis/assess-run.ts';
import type { ObjectBase } from '../../../platform/kubernetes/client/objects.ts';

export interface AnalysisEventRecorder {
  record(object: ObjectBase, event: AnalysisEvent, now: number): Promise<void>;
}

export const noEvents: AnalysisEventRecorder = { record: async () => undefined };
