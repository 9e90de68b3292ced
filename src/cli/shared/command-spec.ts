// How a cluster/local command describes itself: usage, flags and the words it accepts. The help
// text and shell completion are both made from it.
import { describeFlags, type FlagSpec } from './flags.ts';

export interface CommandSpec {
  name: string;
  /** `get rollout NAME [-w] ...` without the leading `sluice`. */
  usage: string;
  description: string;
  flags: readonly FlagSpec[];
  /** Words accepted right after the command (`get rollout`, `completion bash`). */
  subcommands?: readonly string[];
  /** Whether a rollout name follows (completion offers the rollouts). */
  takesRolloutName?: boolean;
  examples?: readonly string[];
}

export function helpText(spec: CommandSpec): string {
  const lines = [`usage: sluice ${spec.usage}`, '', spec.description, '', 'options:', describeFlags(spec.flags)];
  if (spec.examples?.length) lines.push('', 'examples:', ...spec.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}
