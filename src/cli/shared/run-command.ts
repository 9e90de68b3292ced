// The frame of every cluster/local command: parse the command line against its spec, answer
// --help, open the target, run, close, and turn any failure into one sentence with exit code 1.
import process from 'node:process';
import { openTarget } from '../target/select-target.ts';
import type { Target } from '../target/target.ts';
import type { CommandLine } from './command-line.ts';
import type { CommandSpec } from './command-spec.ts';
import { stringFlag, switchFlag, type ParsedFlags } from './flags.ts';
import { runParsed } from './parsed-command.ts';
import { targetFlagsOf } from './target-flags.ts';

export { runParsed };

export interface CommandContext {
  parsed: ParsedFlags;
  /** The subcommand written (`rollout` of `get rollout`), by its declared name. */
  subcommand: string | undefined;
  target: Target;
  /** -n, else the target's default namespace. */
  namespace: string;
  out: NodeJS.WriteStream;
}

/**
 * `positionals` checks and reads the words after the command (and subcommand) before anything
 * connects (a usage mistake never waits on a cluster); `body` runs with the target open. How many
 * words there are is checked already, from the spec's arguments.
 */
export function runWithTarget<T>(
  spec: CommandSpec,
  args: readonly string[],
  positionals: (words: string[], parsed: ParsedFlags, line: CommandLine) => T,
  body: (context: CommandContext, words: T) => Promise<number>,
): Promise<number> {
  return runParsed(spec, args, async (line) => {
    const parsed = line.flags;
    const words = positionals(line.words, parsed, line);
    const target = await openTarget(targetFlagsOf(parsed), { verbose: switchFlag(parsed, 'verbose') });
    try {
      const subcommand = line.path.length === 2 ? line.path[1].name : undefined;
      return await body(
        {
          parsed,
          subcommand,
          target,
          namespace: stringFlag(parsed, 'namespace') ?? target.defaultNamespace,
          out: process.stdout,
        },
        words,
      );
    } finally {
      target.close();
    }
  });
}

/** The one rollout name (the spec declares exactly one argument). */
export function oneName(words: string[]): string {
  return words[0] ?? '';
}

/** The rollout names (the spec declares NAME...). */
export function someNames(words: string[]): string[] {
  return words;
}
