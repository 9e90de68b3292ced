// `get experiment NAME`: the header and tree once (as Argo's plugin prints them), the object with
// -o, or redrawn in place with -w. The watch follows the target's watch of the Experiment and what
// it owns (informers on a cluster, the runtime's event stream locally), for a rollout's experiment
// and a standalone one alike, and redraws every second too, as Argo's plugin does, so ages count on.
import { renderExperimentTree } from '../render/experiment-tree.ts';
import { colourWanted, liveWriterFor } from '../render/terminal.ts';
import { switchFlag } from '../shared/flags.ts';
import type { CommandContext } from '../shared/run-command.ts';
import { interruptSignal } from '../shared/watch-loop.ts';
import type { ExperimentObjects } from '../target/target.ts';
import { experimentTreeView } from '../../view/experiment-tree.ts';

const TICK_MS = 1000;

export async function showExperiment(
  context: CommandContext,
  name: string,
  output: string | undefined,
): Promise<number> {
  if (output) {
    const experiment = await context.target.experiment(context.namespace, name);
    const { renderObjects } = await import('../render/objects-output.ts');
    context.out.write(renderObjects([experiment], output as 'json' | 'yaml'));
    return 0;
  }
  const objects = await context.target.experimentObjects(context.namespace, name);
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  context.out.write(renderExperimentTree(treeOf(objects), { color }));
  return 0;
}

/**
 * Redraws on every change the target's watch reports, and every second from what it last reported
 * (so ages count on) without asking again; an experiment deleted meanwhile is waited for.
 */
export async function watchExperiment(context: CommandContext, name: string): Promise<number> {
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  const writer = liveWriterFor(context.out);
  const { signal, release } = interruptSignal();
  const width = context.out.columns ? { width: context.out.columns } : {};
  let latest: ExperimentObjects | undefined;
  let seen = false;
  const draw = () => {
    if (latest) writer.offer(renderExperimentTree(treeOf(latest), { color, ...width }));
    else if (seen)
      writer.offer(`experiment ${name} not found in namespace ${context.namespace} (deleted?); waiting for it\n`);
  };
  const ticker = setInterval(draw, TICK_MS);
  try {
    // The first read fails as `get experiment` does (not found, unreachable): nothing to watch yet.
    await context.target.watchExperiment(
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

function treeOf(objects: ExperimentObjects) {
  return experimentTreeView(objects.experiment, objects, Date.now());
}
