// abort, retry, pause, resume and restart as patches (what `kubectl argo rollouts` and Argo CD's
// actions write; the engine reacts to the fields).
import type { Rollout } from '../../api/types/rollout.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import { ControlError, type ControlPatch } from './patch.ts';

export function abortPatch(): ControlPatch {
  return { status: { abort: true } };
}

export function retryPatch(rollout: Rollout): ControlPatch {
  if (!rollout.status?.abort)
    throw new ControlError(
      `rollout '${rollout.metadata.name ?? ''}' is not aborted: only an aborted rollout can be retried`,
    );
  return { status: { abort: false } };
}

export function pausePatch(): ControlPatch {
  return { spec: { paused: true } };
}

export function resumePatch(rollout: Rollout): ControlPatch {
  const patch: ControlPatch = { spec: { paused: false } };
  if ((rollout.status?.pauseConditions ?? []).length > 0) patch.status = { pauseConditions: null };
  return patch;
}

/** Restart every pod, oldest first, honouring maxUnavailable; `now` in epoch ms. */
export function restartPatch(now: number): ControlPatch {
  return { spec: { restartAt: formatTimestamp(now) } };
}
