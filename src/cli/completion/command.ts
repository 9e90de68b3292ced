// `sluice completion bash|zsh|fish`: the script, generated from the table of command specs.
import process from 'node:process';
import { COMMANDS } from '../commands.ts';
import type { CommandSpec } from '../shared/command-spec.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { bashScript } from './bash.ts';
import { fishScript } from './fish.ts';
import { completionModel } from './model.ts';
import { spec, type Shell } from './spec.ts';
import { zshScript } from './zsh.ts';

export function completionScript(shell: Shell, commands: readonly CommandSpec[] = COMMANDS): string {
  const model = completionModel(commands);
  if (shell === 'bash') return bashScript(model);
  if (shell === 'zsh') return zshScript(model);
  return fishScript(model);
}

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, async (line) => {
    process.stdout.write(completionScript(line.path[1]?.name as Shell));
    return 0;
  });
}
