// The view model types the components show, beside the API contract's own.
export type {
  AnalysisRunView,
  ExperimentView,
  ReplicaSetView,
  RevisionView,
  StatusKind,
} from '../../view/model.ts';
export type { MetricView } from '../../view/analysis-run-detail.ts';
