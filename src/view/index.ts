// The view model shared by the CLI and the dashboard.
export type * from './model.ts';
export type * from './inputs.ts';
export type { RolloutListRow } from './list-row.ts';
export type { AnalysisRunDetailView, MetricView, MeasurementView } from './analysis-run-detail.ts';
export { rolloutView } from './rollout-view.ts';
export { rolloutListRow, sameListRow } from './list-row.ts';
export { analysisRunDetail } from './analysis-run-detail.ts';
export { stepViews, describeStep, type StepView } from './steps.ts';
export { statusLine, statusOnce, nextStatusLine, isFinished } from './status-line.ts';
export { humanDuration, ageAt } from './human-duration.ts';
