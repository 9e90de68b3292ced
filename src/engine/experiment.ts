// The Experiment kind's decision, for the runtimes: decideExperiment(observed, now).
export { decideExperiment } from './experiment/decide.ts';
export { experimentOwner } from './experiment/objects.ts';
export { isTerminating as experimentIsTerminating, hasFinished as experimentHasFinished } from './experiment/rules.ts';
export type {
  ExperimentAction,
  ExperimentDecision,
  ExperimentEvent,
  ObservedExperiment,
  ObservedExperimentRun,
  ObservedTemplateReplicaSet,
} from './experiment/types.ts';
