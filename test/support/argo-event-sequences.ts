// Event sequences Argo Rollouts' own e2e suite expects, shared by the engine's table test and the
// controller's e2e check so both hold sluice to the same list.
/** The Event reasons Argo v1.10.1's test/e2e/functional_test.go, TestRolloutAbortRetryPromote, expects, in order. */
export const ABORT_RETRY_PROMOTE_EVENTS = [
  'RolloutAddedToInformer',
  'RolloutUpdated',
  'NewReplicaSetCreated',
  'RolloutNotCompleted',
  'ScalingReplicaSet',
  'RolloutCompleted',
  'RolloutUpdated',
  'NewReplicaSetCreated',
  'RolloutNotCompleted',
  'ScalingReplicaSet',
  'RolloutStepCompleted',
  'RolloutPaused',
  'ScalingReplicaSet',
  'RolloutAborted',
  'ScalingReplicaSet',
  'RolloutStepCompleted',
  'RolloutPaused',
  'RolloutStepCompleted',
  'RolloutResumed',
  'ScalingReplicaSet',
  'RolloutCompleted',
];
