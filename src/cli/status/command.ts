// `sluice status NAME`: a line per change of the status; exit 0 on Healthy, 1 on Degraded or timeout.
import process from 'node:process';
import { parseGoDuration } from '../../api/duration.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import { displayedPhase } from '../../engine/read-rollout.ts';
import { setLongTimeout } from '../../platform/long-timer.ts';
import { isFinished, nextStatusLine, statusOnce } from '../../view/status-line.ts';
import { stringFlag, switchFlag } from '../shared/flags.ts';
import { oneName, runWithTarget } from '../shared/run-command.ts';
import { interruptSignal } from '../shared/watch-loop.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    (words, parsed) => ({ name: oneName(words), timeoutMs: timeoutOf(stringFlag(parsed, 'timeout')) }),
    async ({ parsed, target, namespace, out }, { name, timeoutMs }) => {
      if (!switchFlag(parsed, 'watch', true)) {
        const { rollout } = await target.rolloutObjects(namespace, name);
        out.write(`${statusOnce(rollout)}\n`);
        return displayedPhase(rollout).phase === 'Degraded' ? 1 : 0;
      }
      return watchStatus(
        { name, namespace, timeoutMs, timeoutText: stringFlag(parsed, 'timeout') ?? '' },
        (onChange, signal) => target.watchRollout(namespace, name, (objects) => onChange(objects?.rollout), signal),
        (line) => out.write(`${line}\n`),
      );
    },
  );
}

/** A Go duration (checked by the parser, from the spec); 0 waits forever. */
function timeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseGoDuration(text);
  return ms > 0 ? ms : undefined;
}

interface StatusWatch {
  name: string;
  namespace: string;
  timeoutMs: number | undefined;
  timeoutText: string;
}

type Watcher = (onChange: (rollout: Rollout | undefined) => void, signal: AbortSignal) => Promise<void>;

/** Prints each new status line; resolves to the exit code once the rollout is finished, times out or is interrupted. */
export async function watchStatus(
  options: StatusWatch,
  watch: Watcher,
  print: (line: string) => void,
): Promise<number> {
  const { signal, controller, release } = interruptSignal();
  let previous: string | undefined;
  // Interrupted (Ctrl-C) before the rollout finished: 130, as a shell reports SIGINT.
  let outcome: { code: number; error?: string } = { code: 130 };
  // setLongTimeout: a timeout such as 720h is longer than one Node timer takes.
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setLongTimeout(() => {
          outcome = {
            code: 1,
            error: `timed out (${options.timeoutText}) waiting for rollout '${options.name}' to be Healthy; last status: ${previous ?? 'none'}`,
          };
          controller.abort();
        }, options.timeoutMs);
  try {
    await watch((rollout) => {
      if (!rollout || signal.aborted) return;
      const line = nextStatusLine(previous, rollout);
      if (line !== undefined) {
        print(line);
        previous = line;
      }
      const { phase, message } = displayedPhase(rollout);
      if (!isFinished(phase)) return;
      outcome =
        phase === 'Healthy' ? { code: 0 } : { code: 1, error: `rollout '${options.name}' is Degraded: ${message}` };
      controller.abort();
    }, signal);
  } finally {
    timer?.cancel();
    release();
  }
  if (outcome.error) process.stderr.write(`sluice status: ${outcome.error}\n`);
  return outcome.code;
}
