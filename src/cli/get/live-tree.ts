// `get rollout -w` and `get experiment -w`: a tree redrawn in place on every change the target's
// watch reports, and every second from what it last reported (so ages and delays count on without
// asking again), until Ctrl-C or the time limit. An object deleted meanwhile is waited for.
import { colourWanted, liveWriterFor } from '../render/terminal.ts';
import { switchFlag } from '../shared/flags.ts';
import type { CommandContext } from '../shared/run-command.ts';
import { interruptSignal } from '../shared/watch-loop.ts';

const TICK_MS = 1000;

export interface LiveTree<T> {
  /** The target's watch: calls back now and on every change (undefined while the object does not exist). */
  follow(onChange: (objects: T | undefined) => void, signal: AbortSignal): Promise<void>;
  /** The tree of the objects at the time `now`. */
  render(objects: T, now: number, options: { color: boolean; width?: number }): string;
  /** The line shown while the object is gone: `rollout web not found in namespace shop`. */
  missing: string;
  /** Stop after this long (0 or absent: until Ctrl-C). */
  timeoutMs?: number;
}

export async function watchTree<T>(context: CommandContext, tree: LiveTree<T>): Promise<number> {
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  const writer = liveWriterFor(context.out);
  const interrupt = interruptSignal();
  const { release } = interrupt;
  const timeoutMs = tree.timeoutMs ?? 0;
  const signal = timeoutMs > 0 ? AbortSignal.any([interrupt.signal, AbortSignal.timeout(timeoutMs)]) : interrupt.signal;
  const width = context.out.columns ? { width: context.out.columns } : {};
  let latest: T | undefined;
  let seen = false;
  const draw = () => {
    if (latest) writer.offer(tree.render(latest, Date.now(), { color, ...width }));
    else if (seen) writer.offer(`${tree.missing} (deleted?); waiting for it\n`);
  };
  const ticker = setInterval(draw, TICK_MS);
  try {
    // The first read fails as the command without -w does (not found, unreachable): nothing to watch yet.
    await tree.follow((objects) => {
      seen = true;
      latest = objects;
      draw();
    }, signal);
  } finally {
    clearInterval(ticker);
    release();
    writer.close();
  }
  return 0;
}
