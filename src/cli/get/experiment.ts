// `get experiment NAME`: the header and tree once (as Argo's plugin prints them), the object with
// -o, or redrawn in place with -w. The watch reads the Experiment and what it owns every second
// (Argo's plugin also redraws every second), which works alike for a rollout's experiment and a
// standalone one, on a cluster and on the local runtime.
import { setTimeout as delay } from 'node:timers/promises';
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

/** Redraws until Ctrl-C; an experiment deleted meanwhile is waited for. */
export async function watchExperiment(context: CommandContext, name: string): Promise<number> {
  const color = colourWanted(context.out, switchFlag(context.parsed, 'no-color'));
  // The first read fails as `get experiment` does (not found, unreachable): nothing to watch yet.
  let latest: ExperimentObjects | undefined = await context.target.experimentObjects(context.namespace, name);
  let problem = '';
  const writer = liveWriterFor(context.out);
  const { signal, release } = interruptSignal();
  const width = context.out.columns ? { width: context.out.columns } : {};
  try {
    while (!signal.aborted) {
      writer.offer(latest ? renderExperimentTree(treeOf(latest), { color, ...width }) : `${problem}; waiting for it\n`);
      try {
        await delay(TICK_MS, undefined, { signal });
      } catch {
        break;
      }
      try {
        latest = await context.target.experimentObjects(context.namespace, name);
      } catch (error) {
        latest = undefined;
        problem = error instanceof Error ? error.message : String(error);
      }
    }
  } finally {
    release();
    writer.close();
  }
  return 0;
}

function treeOf(objects: ExperimentObjects) {
  return experimentTreeView(objects.experiment, objects, Date.now());
}
