// Runs N workers on a work queue. A handler that throws has its key re-queued with the rate
// limiter; one that returns { requeueAfterMs } has it re-queued after that delay, at the back of
// the queue (and { timerAfterMs }, a timer's, ahead of the others once due); otherwise the key's
// failures are forgotten.
import type { WorkQueue } from './work-queue.ts';

export interface ProcessResult {
  /** Look again after this long (0: at once), behind the keys waiting by then: a key that keeps acting cannot starve the others. */
  requeueAfterMs?: number;
  /**
   * A timer coming due (a pause's end, a scale-down delay): kept even when requeueAfterMs brings the
   * key back sooner, and handed out ahead of the keys waiting once due, since it has waited already.
   */
  timerAfterMs?: number;
}

export type KeyHandler<K> = (key: K) => Promise<ProcessResult | void>;

export interface RunWorkersOptions<K> {
  workers: number;
  /** Workers beside those that take only urgent keys (addFirst, or a timer's once due): they never queue behind routine work. */
  urgentWorkers?: number;
  handle: KeyHandler<K>;
  /** Told about every failure (the key is re-queued regardless). */
  onError?: (key: K, error: unknown, requeues: number) => void;
  /** Stop re-queueing a key after this many consecutive failures (default: never give up). */
  maxRetries?: number;
}

/** Resolves when the queue is shut down and every worker has finished its current key. */
export async function runWorkers<K>(queue: WorkQueue<K>, options: RunWorkersOptions<K>): Promise<void> {
  const worker = async (urgentOnly: boolean): Promise<void> => {
    for (let key = await queue.get({ urgentOnly }); key !== undefined; key = await queue.get({ urgentOnly })) {
      await processOne(queue, key, options);
    }
  };
  const routine = Array.from({ length: Math.max(1, options.workers) }, () => worker(false));
  const urgent = Array.from({ length: Math.max(0, options.urgentWorkers ?? 0) }, () => worker(true));
  await Promise.all([...routine, ...urgent]);
}

async function processOne<K>(queue: WorkQueue<K>, key: K, options: RunWorkersOptions<K>): Promise<void> {
  try {
    const result = await options.handle(key);
    queue.forget(key);
    if (result && result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
    if (result && result.timerAfterMs !== undefined) queue.addAfter(key, result.timerAfterMs, { first: true });
  } catch (error) {
    const requeues = queue.numRequeues(key);
    options.onError?.(key, error, requeues);
    if (options.maxRetries === undefined || requeues < options.maxRetries) queue.addRateLimited(key);
    else queue.forget(key);
  } finally {
    queue.done(key);
  }
}
