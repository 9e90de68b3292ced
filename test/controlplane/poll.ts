// Waiting for a condition: poll it until it holds or a deadline passes.

export interface PollOptions {
  /** What is awaited, for the error message. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/** Thrown from a check to stop polling at once (the awaited condition can no longer happen). */
export class PollGaveUp extends Error {
  override name = 'PollGaveUp';
}

/**
 * Calls `check` until it returns a value other than undefined/false, and returns that value.
 * A check that throws counts as "not yet" (the last error is reported on timeout), except
 * for PollGaveUp, which ends the wait at once.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: PollOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
      lastProblem = '';
    } catch (error) {
      if (error instanceof PollGaveUp) throw error;
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const detail = lastProblem === '' ? '' : ` (last error: ${lastProblem})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
