// `sluice resume NAME... [-n NS]`: clears spec.paused and status.pauseConditions.
import { runControlVerb } from '../shared/control-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runControlVerb(spec, args, 'resume', (name) => `rollout '${name}' resumed`);
}
