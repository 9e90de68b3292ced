// Which StatusKind each status word reads as, per kind of object (the same word can read
// differently: `Running` is a healthy pod but an analysis still in progress).
import type { StatusKind } from './model.ts';

export function rolloutStatusKind(status: string): StatusKind {
  switch (status) {
    case 'Progressing':
      return 'progressing';
    case 'Error':
    case 'InvalidSpec':
      return 'warning';
    case 'Paused':
      return 'paused';
    case 'Healthy':
      return 'success';
    case 'Degraded':
      return 'failure';
    case 'Unknown':
      return 'unknown';
    case 'ScaledDown':
      return 'neutral';
    default:
      return 'none';
  }
}

export function replicaSetStatusKind(status: string): StatusKind {
  switch (status) {
    case 'Progressing':
      return 'progressing';
    case 'Healthy':
      return 'success';
    case 'ReplicaFailure':
      return 'failure';
    case 'ScaledDown':
      return 'neutral';
    default:
      return 'none';
  }
}

/** For AnalysisRun, measurement (Job) and Experiment phases. */
export function analysisStatusKind(phase: string): StatusKind {
  switch (phase) {
    case 'Successful':
      return 'success';
    case 'Inconclusive':
      return 'unknown';
    case 'Failed':
      return 'failure';
    case 'Error':
      return 'warning';
    case 'Running':
      return 'progressing';
    case 'Pending':
      return 'waiting';
    default:
      return 'none';
  }
}

/** For kubectl's pod status reason (`Running`, `CrashLoopBackOff`, `Init:0/1`, `ExitCode:1`, ...). */
export function podStatusKind(reason: string): StatusKind {
  if (reason.startsWith('Init:')) return 'progressing';
  if (reason.startsWith('Signal:') || reason.startsWith('ExitCode:')) return 'failure';
  // Kubelet's image and container error reasons: ErrImagePull, CreateContainerConfigError, ...
  if (reason.endsWith('Error') || reason.startsWith('Err')) return 'warning';
  switch (reason) {
    case 'Pending':
    case 'Terminating':
    case 'ContainerCreating':
      return 'progressing';
    case 'Running':
    case 'Completed':
      return 'success';
    case 'Failed':
    case 'InvalidImageName':
    case 'CrashLoopBackOff':
      return 'failure';
    case 'ImagePullBackOff':
    case 'RegistryUnavailable':
      return 'warning';
    case 'Unknown':
      return 'unknown';
    default:
      return 'none';
  }
}
