// `sluice retry rollout NAME...`: status.abort back to false.
import { runControlVerb } from '../shared/control-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runControlVerb(spec, args, 'retry', (name) => `rollout '${name}' retried`);
}
