// `get experiment NAME`: the header and tree once (as Argo's plugin prints them), the object with
// -o, or redrawn in place with -w. The watch follows the target's watch of the Experiment and what
// it owns (informers on a cluster, the runtime's event stream locally), for a rollout's experiment
// and a standalone one alike, and redraws every second too, as Argo's plugin does, so ages count on.
import { renderExperimentTree } from '../render/experiment-tree.ts';
import { colourWanted } from '../render/terminal.ts';
import { switchFlag } from '../shared/flags.ts';
import type { CommandContext } from '../shared/run-command.ts';
import type { ExperimentObjects } from '../target/target.ts';
import { watchTree } from './live-tree.ts';
import { experimentTreeView } from '../../view/experiment-tree.ts';

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

/** Redraws on every change and every second until Ctrl-C; an experiment deleted meanwhile is waited for. */
export function watchExperiment(context: CommandContext, name: string): Promise<number> {
  return watchTree<ExperimentObjects>(context, {
    follow: (onChange, signal) => context.target.watchExperiment(context.namespace, name, onChange, signal),
    render: (objects, now, options) =>
      renderExperimentTree(experimentTreeView(objects.experiment, objects, now), options),
    missing: `experiment ${name} not found in namespace ${context.namespace}`,
  });
}

function treeOf(objects: ExperimentObjects) {
  return experimentTreeView(objects.experiment, objects, Date.now());
}
