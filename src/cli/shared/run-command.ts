// The frame of every cluster/local command: parse the flags, answer --help, open the target,
// run, close, and turn any failure into one sentence with exit code 1.
import process from 'node:process';
import { openTarget } from '../target/select-target.ts';
import type { Target } from '../target/target.ts';
import type { CommandSpec } from './command-spec.ts';
import { UsageError } from './errors.ts';
import { stringFlag, switchFlag, type ParsedFlags } from './flags.ts';
import { runParsed } from './parsed-command.ts';
import { targetFlagsOf } from './target-flags.ts';

export { runParsed };

export interface CommandContext {
  parsed: ParsedFlags;
  target: Target;
  /** -n, else the target's default namespace. */
  namespace: string;
  out: NodeJS.WriteStream;
}

/**
 * `positionals` checks and reads the words after the command before anything connects (a usage
 * mistake never waits on a cluster); `body` runs with the target open.
 */
export function runWithTarget<T>(
  spec: CommandSpec,
  args: readonly string[],
  positionals: (words: string[], parsed: ParsedFlags) => T,
  body: (context: CommandContext, words: T) => Promise<number>,
): Promise<number> {
  return runParsed(spec, args, async (parsed) => {
    const words = positionals(parsed.positionals, parsed);
    const target = await openTarget(targetFlagsOf(parsed), { verbose: switchFlag(parsed, 'verbose') });
    try {
      return await body({ parsed, target, namespace: stringFlag(parsed, 'namespace') ?? target.defaultNamespace, out: process.stdout }, words);
    } finally {
      target.close();
    }
  });
}

/** Exactly one rollout name. */
export function oneName(spec: CommandSpec): (words: string[]) => string {
  return (words) => {
    if (words.length !== 1 || !words[0]) throw new UsageError(`sluice ${spec.name} takes one rollout name: sluice ${spec.usage}`);
    return words[0];
  };
}

/** One rollout name or more. */
export function someNames(spec: CommandSpec): (words: string[]) => string[] {
  return (words) => {
    if (words.length === 0) throw new UsageError(`sluice ${spec.name} needs a rollout name: sluice ${spec.usage}`);
    return words;
  };
}
