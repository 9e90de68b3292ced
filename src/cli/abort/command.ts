// `sluice abort NAME... [-n NS]`: sets status.abort on each rollout.
import { runControlVerb } from '../shared/control-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runControlVerb(spec, args, 'abort', (name) => `rollout '${name}' aborted`);
}
