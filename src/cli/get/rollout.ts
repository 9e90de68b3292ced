// `get rollout NAME`: the header and tree once, the objects with -o, or redrawn in place with -w
// (on every change, and every second so that ages and delays count on).
import { renderRolloutTree } from '../render/rollout-tree.ts';
import { colourWanted } from '../render/terminal.ts';
import { switchFlag } from '../shared/flags.ts';
import type { CommandContext } from '../shared/run-command.ts';
import type { RolloutObjects } from '../target/target.ts';
import { watchTree } from './live-tree.ts';
import { rolloutView } from '../../view/rollout-view.ts';

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
export function watchRollout(context: CommandContext, name: string, timeoutMs = 0): Promise<number> {
  return watchTree<RolloutObjects>(context, {
    follow: (onChange, signal) => context.target.watchRollout(context.namespace, name, onChange, signal),
    render: (objects, now, options) => renderRolloutTree(rolloutView({ ...objects, now }), options),
    missing: `rollout ${name} not found in namespace ${context.namespace}`,
    timeoutMs,
  });
}
