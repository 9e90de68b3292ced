// `get rollout NAME`: the header and tree once, the objects with -o, or redrawn in place with -w
// (on every change, and every second so that ages and delays count on).
import { renderRolloutTree } from '../render/rollout-tree.ts';
import { colourWanted, liveWriterFor } from '../render/terminal.ts';
import { switchFlag } from '../shared/flags.ts';
import type { CommandContext } from '../shared/run-command.ts';
import { interruptSignal } from '../shared/watch-loop.ts';
import type { RolloutObjects } from '../target/target.ts';
import { rolloutView } from '../../view/rollout-view.ts';

const TICK_MS = 1000;

export async function showRollout(context: CommandContext, name: string, output: string | undefined): Promise<number> {
  const objects = await context.target.rolloutObjects(context.namespace, name);
  if (output) {
    const { renderObjects } = await import('../render/objects-output.ts');
    context.out.write(renderObjects([objects.rollout], output as 'json' | 'yaml'));
    return 0;
  }
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  context.out.write(renderRolloutTree(rolloutView({ ...objects, now: Date.now() }), { color }));
  return 0;
}

/** Redraws until Ctrl-C, or until `timeoutMs` (0: no limit) has passed. */
export async function watchRollout(context: CommandContext, name: string, timeoutMs = 0): Promise<number> {
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  const writer = liveWriterFor(context.out);
  const interrupt = interruptSignal();
  const { release } = interrupt;
  const signal = timeoutMs > 0 ? AbortSignal.any([interrupt.signal, AbortSignal.timeout(timeoutMs)]) : interrupt.signal;
  let latest: RolloutObjects | undefined;
  let seen = false;
  const draw = () => {
    if (latest)
      writer.offer(
        renderRolloutTree(rolloutView({ ...latest, now: Date.now() }), {
          color,
          ...(context.out.columns ? { width: context.out.columns } : {}),
        }),
      );
    else if (seen)
      writer.offer(`rollout ${name} not found in namespace ${context.namespace} (deleted?); waiting for it\n`);
  };
  const ticker = setInterval(draw, TICK_MS);
  try {
    await context.target.watchRollout(
      context.namespace,
      name,
      (objects) => {
        seen = true;
        latest = objects;
        draw();
      },
      signal,
    );
  } finally {
    clearInterval(ticker);
    release();
    writer.close();
  }
  return 0;
}
