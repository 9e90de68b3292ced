// Polls the rollout through the local API a few times a second, keeps the latest detail and
// snapshot, and lets the scenario wait for a condition (with a deadline, a condition that means
// the scenario went wrong, and the user's interruption).
import type { RuntimeClient } from '../runtime/local/api/client.ts';
import type { RolloutDetail } from '../runtime/local/api/rollout-details.ts';
import { rolloutSnapshot, type RolloutSnapshot } from './rollout-snapshot.ts';

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export interface Observation {
  detail: RolloutDetail;
  snapshot: RolloutSnapshot;
}

interface Waiter {
  check: (observation: Observation) => boolean;
  failIf?: (observation: Observation) => string | undefined;
  resolve: (observation: Observation) => void;
  reject: (error: Error) => void;
}

const POLL_MS = 200;

export class RolloutWatcher {
  readonly #client: RuntimeClient;
  readonly #path: string;
  readonly #onObservation: (observation: Observation, previous: Observation | undefined) => void;
  readonly #waiters = new Set<Waiter>();
  #latest: Observation | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #again = false;

  constructor(
    client: RuntimeClient,
    namespace: string,
    name: string,
    onObservation: (observation: Observation, previous: Observation | undefined) => void,
  ) {
    this.#client = client;
    this.#path = `/api/v1/rollouts/${namespace}/${name}`;
    this.#onObservation = onObservation;
  }

  get latest(): Observation | undefined {
    return this.#latest;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.#poll(), POLL_MS);
    void this.#poll();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters) waiter.reject(new InterruptedError('stopped'));
    this.#waiters.clear();
  }

  /** Resolves with the first observation that passes `check`; rejects with ScenarioError on `failIf`, the deadline, or the signal. */
  waitFor(
    what: string,
    check: (observation: Observation) => boolean,
    options: { timeoutMs: number; signal: AbortSignal; failIf?: (observation: Observation) => string | undefined },
  ): Promise<Observation> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new ScenarioError(
                `${what} did not happen within ${Math.round(options.timeoutMs / 1000)}s${this.#lastState()}`,
              ),
            ),
          ),
        options.timeoutMs,
      );
      const onAbort = () => done(() => reject(new InterruptedError('interrupted')));
      const done = (settle: () => void) => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        settle();
      };
      const waiter: Waiter = {
        check,
        ...(options.failIf ? { failIf: options.failIf } : {}),
        resolve: (observation) => done(() => resolve(observation)),
        reject: (error) => done(() => reject(error)),
      };
      if (options.signal.aborted) return onAbort();
      options.signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      if (this.#latest) this.#offer(waiter, this.#latest);
    });
  }

  /** Something changed (the runtime's store said so): poll now rather than at the next tick. */
  nudge(): void {
    if (this.#timer === undefined) return;
    if (this.#polling) this.#again = true;
    else void this.#poll();
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    this.#again = false;
    try {
      const detail = await this.#client.get<RolloutDetail>(this.#path);
      const observation = { detail, snapshot: rolloutSnapshot(detail) };
      const previous = this.#latest;
      this.#latest = observation;
      this.#onObservation(observation, previous);
      for (const waiter of [...this.#waiters]) this.#offer(waiter, observation);
    } catch {
      // The runtime answers again at the next poll, or the scenario's deadline says what is missing.
    } finally {
      this.#polling = false;
      if (this.#again && this.#timer !== undefined) void this.#poll();
    }
  }

  #offer(waiter: Waiter, observation: Observation): void {
    const failure = waiter.failIf?.(observation);
    if (failure !== undefined) waiter.reject(new ScenarioError(failure));
    else if (waiter.check(observation)) waiter.resolve(observation);
  }

  #lastState(): string {
    const snapshot = this.#latest?.snapshot;
    if (!snapshot) return ' (the rollout was never observed)';
    return ` (last seen: ${snapshot.phase}${snapshot.message ? ` "${snapshot.message}"` : ''}, step ${snapshot.stepIndex ?? '-'}/${snapshot.stepCount}, canary weight ${snapshot.canaryWeight})`;
  }
}
