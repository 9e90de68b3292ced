// `sluice completion bash|zsh|fish`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const spec: CommandSpec = {
  name: 'completion',
  usage: 'completion bash|zsh|fish',
  description: 'Prints a shell completion script for sluice and kubectl-sluice: commands, their words and flags, flag values, files, and rollout names (from "sluice list rollouts -o name").',
  flags: [{ name: 'help', short: 'h', takesValue: false, description: 'show this help' }],
  subcommands: SHELLS,
  examples: [
    'source <(sluice completion bash)        # bash, e.g. in ~/.bashrc',
    'sluice completion zsh > "${fpath[1]}/_sluice"   # zsh',
    'sluice completion fish > ~/.config/fish/completions/sluice.fish',
  ],
};
