// `sluice promote NAME [--full]`: the patches of src/engine/control/promote.ts.
import { switchFlag } from '../shared/flags.ts';
import { oneName, runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, oneName, async ({ parsed, target, namespace, out }, name) => {
    const full = switchFlag(parsed, 'full');
    await target.control(namespace, name, full ? 'promote-full' : 'promote');
    out.write(full ? `rollout '${name}' fully promoted\n` : `rollout '${name}' promoted\n`);
    return 0;
  });
}
