// `sluice completion bash|zsh|fish`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const EXAMPLES: Record<Shell, string> = {
  bash: 'source <(sluice completion bash)        # bash, e.g. in ~/.bashrc',
  zsh: 'sluice completion zsh > "${fpath[1]}/_sluice"   # zsh',
  fish: 'sluice completion fish > ~/.config/fish/completions/sluice.fish',
};

export const spec: CommandSpec = {
  name: 'completion',
  summary: 'print a shell completion script',
  description:
    'Prints a shell completion script for sluice and kubectl-sluice: commands, their words and flags, flag values, files, and rollout names (from "sluice list rollouts -o name").',
  flags: [],
  subcommands: SHELLS.map((shell) => ({
    name: shell,
    summary: `the ${shell} completion script`,
    flags: [],
    examples: [EXAMPLES[shell]],
  })),
};
