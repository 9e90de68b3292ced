// The labels and annotations the objects of a rollout carry, as Argo Rollouts (and kubectl) write
// them: read and written by the engine, both runtimes, the view and the CLI alike.

export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
/** The revisions a reused ReplicaSet served before, comma-separated (an undo, a template changed back). */
export const REVISION_HISTORY_ANNOTATION = 'rollout.argoproj.io/revision-history';
/** kubectl's copy of the applied manifest: never copied from the Rollout to its ReplicaSets. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DESIRED_REPLICAS_ANNOTATION = 'rollout.argoproj.io/desired-replicas';
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
export const EPHEMERAL_METADATA_ANNOTATION = 'rollout.argoproj.io/ephemeral-metadata';
/** Label on AnalysisRuns: which kind of run it is (Argo's `rollout-type`). */
export const ANALYSIS_TYPE_LABEL = 'rollout-type';
export const ANALYSIS_STEP_INDEX_LABEL = 'step-index';
/** Set on a Rollout by a controller run with an instance id; copied to the AnalysisRuns it creates. */
export const CONTROLLER_INSTANCE_ID_LABEL = 'argo-rollouts.argoproj.io/controller-instance-id';
/** On the ReplicaSets and Services an Experiment owns: the experiment's name and the template's. */
export const EXPERIMENT_NAME_ANNOTATION = 'experiment.argoproj.io/name';
export const EXPERIMENT_TEMPLATE_NAME_ANNOTATION = 'experiment.argoproj.io/template-name';
/**
 * Set on a Service (and a DestinationRule) a rollout points at, naming that rollout; when the
 * rollout is gone or names the object no more, what it injected is removed.
 */
export const MANAGED_BY_ROLLOUTS_ANNOTATION = 'argo-rollouts.argoproj.io/managed-by-rollouts';
