// `sluice retry rollout NAME...`: status.abort back to false.
import { runControlVerb } from '../shared/control-command.ts';
import { EXPERIMENT_WORDS, experimentsNotRun, UsageError } from '../shared/errors.ts';
import { spec } from './spec.ts';

const ROLLOUT_WORDS = ['rollout', 'rollouts', 'ro'];

export function run(args: string[]): Promise<number> {
  return runControlVerb(spec, args, 'retry', (name) => `rollout '${name}' retried`, (words) => {
    const [kind, ...names] = words;
    if (kind !== undefined && EXPERIMENT_WORDS.includes(kind)) throw experimentsNotRun('retry');
    if (!kind || !ROLLOUT_WORDS.includes(kind) || names.length === 0) throw new UsageError(`write sluice ${spec.usage}`);
    return names;
  });
}
