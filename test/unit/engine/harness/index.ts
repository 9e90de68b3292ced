// The engine test harness, for every strategy's tests: see docs/engine.md.
export { SimulatedCluster, START, type ClusterOptions, type SimPod, type SimReplicaSet } from './cluster.ts';
export { canaryRollout, istioHostLevel, istioSubsetLevel, type CanaryFixture } from './fixtures.ts';
export { checkInvariants, type InvariantViolation } from './invariants.ts';
export { canaryWithFailedBackgroundRun } from './failing-analysis.ts';
