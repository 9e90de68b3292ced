// Runs a watch until Ctrl-C (SIGINT) or SIGTERM: the command's `-w` loop ends cleanly, with the
// cursor given back, and exits 0.
import process from 'node:process';

/** An AbortSignal that aborts on SIGINT or SIGTERM; `release` removes the handlers. */
export function interruptSignal(): { signal: AbortSignal; controller: AbortController; release: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    controller,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
