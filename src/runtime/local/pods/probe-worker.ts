// Runs one probe of one container run repeatedly and turns attempts into a result, as kubelet's
// probe workers do: wait initialDelaySeconds, try every periodSeconds, flip to healthy after
// successThreshold successes in a row and to unhealthy after failureThreshold failures in a row.
// Values may be fractional seconds here (manifests use whole seconds; tests use shorter ones).
import { setLongTimeout, type LongTimeout } from '../../../platform/long-timer.ts';
import type { Probe } from '../../../api/types/pod.ts';
import type { ProbeOutcome } from './probe-check.ts';

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

export interface ProbeResult {
  healthy: boolean;
  /** The last failure's message. */
  message?: string;
  /** failureThreshold failures in a row: for liveness and startup probes, the container must be restarted. */
  failed?: boolean;
}

const DEFAULTS = { periodSeconds: 10, successThreshold: 1, failureThreshold: 3, initialDelaySeconds: 0 };

export class ProbeWorker {
  readonly kind: ProbeKind;
  readonly #probe: Probe;
  readonly #attempt: () => Promise<ProbeOutcome>;
  readonly #onChange: (result: ProbeResult) => void;
  #result: ProbeResult;
  #successes = 0;
  #failures = 0;
  #timer: LongTimeout | undefined;
  #stopped = false;

  /** `healthy`: the result to start from (a container adopted after a restart of the runtime keeps the one it had). */
  constructor(
    kind: ProbeKind,
    probe: Probe,
    attempt: () => Promise<ProbeOutcome>,
    onChange: (result: ProbeResult) => void,
    healthy?: boolean,
  ) {
    this.kind = kind;
    this.#probe = probe;
    this.#attempt = attempt;
    this.#onChange = onChange;
    // kubelet: a container is not ready and not started until a probe says so, and alive until one says not.
    this.#result = { healthy: healthy ?? kind === 'liveness' };
  }

  get result(): ProbeResult {
    return this.#result;
  }

  /** Starts probing once initialDelaySeconds have passed since the container started (an adopted container may be older). */
  start(containerStartedAt = Date.now()): void {
    this.#schedule(
      (this.#probe.initialDelaySeconds ?? DEFAULTS.initialDelaySeconds) * 1000 - (Date.now() - containerStartedAt),
    );
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setLongTimeout(() => void this.#tick(), delayMs);
  }

  async #tick(): Promise<void> {
    const startedAt = Date.now();
    const outcome = await this.#attempt();
    if (this.#stopped) return;
    this.#record(outcome);
    if (this.#stopped) return;
    // A startup probe is done once it succeeded; the other probes take over.
    if (this.kind === 'startup' && this.#result.healthy) return;
    const periodMs = (this.#probe.periodSeconds ?? DEFAULTS.periodSeconds) * 1000;
    this.#schedule(periodMs - (Date.now() - startedAt));
  }

  #record(outcome: ProbeOutcome): void {
    const successThreshold =
      this.kind === 'readiness' ? (this.#probe.successThreshold ?? DEFAULTS.successThreshold) : 1;
    const failureThreshold = this.#probe.failureThreshold ?? DEFAULTS.failureThreshold;
    if (outcome.success) {
      this.#successes++;
      this.#failures = 0;
      if (!this.#result.healthy && this.#successes >= successThreshold) this.#set({ healthy: true });
      return;
    }
    this.#failures++;
    this.#successes = 0;
    if (this.#failures >= failureThreshold) this.#set({ healthy: false, message: outcome.message, failed: true });
    else if (!this.#result.healthy) this.#set({ healthy: false, message: outcome.message });
  }

  #set(result: ProbeResult): void {
    const changed =
      result.healthy !== this.#result.healthy ||
      result.message !== this.#result.message ||
      result.failed !== this.#result.failed;
    this.#result = result;
    if (changed) this.#onChange(result);
  }
}
