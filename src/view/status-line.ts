// `status NAME`: one line per change of the rollout's status, as `kubectl argo rollouts status`.
import type { Rollout } from '../api/types/rollout.ts';
import { displayedPhase } from '../engine/read-rollout.ts';

/** `Paused - CanaryPauseStep`, `Progressing - more replicas need to be updated`, `Healthy`. */
export function statusLine(rollout: Rollout): string {
  const { phase, message } = displayedPhase(rollout);
  return message ? `${phase} - ${message}` : phase;
}

/** The one-shot form (no watch): a finished rollout prints its phase alone. */
export function statusOnce(rollout: Rollout): string {
  const { phase, message } = displayedPhase(rollout);
  return isFinished(phase) ? phase : `${phase} - ${message}`;
}

/** Healthy and Degraded end a status watch (Healthy exits 0, Degraded exits with an error). */
export function isFinished(phase: string): boolean {
  return phase === 'Healthy' || phase === 'Degraded';
}

/**
 * The line to print for this observation of the rollout, or undefined when it reads the same as
 * the previous line printed.
 */
export function nextStatusLine(previous: string | undefined, rollout: Rollout): string | undefined {
  const line = statusLine(rollout);
  return line === previous ? undefined : line;
}
