// Leader election through a coordination.k8s.io/v1 Lease.
export { startLeaderElection, type LeaderElectionOptions, type LeaderElector } from './leader-elector.ts';
export { microTime, type Lease, type LeaseSpec } from './lease-record.ts';
