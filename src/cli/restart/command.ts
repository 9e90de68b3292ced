// `sluice restart NAME`: spec.restartAt = now.
import { runControlVerb } from '../shared/control-command.ts';
import { oneName } from '../shared/run-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runControlVerb(spec, args, 'restart', (name) => `rollout '${name}' restarts in 0s`, (words) => [oneName(spec)(words)]);
}
