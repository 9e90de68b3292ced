// `sluice pause NAME... [-n NS]`: sets spec.paused on each rollout.
import { runControlVerb } from '../shared/control-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runControlVerb(spec, args, 'pause', (name) => `rollout '${name}' paused`);
}
