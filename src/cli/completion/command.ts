// `sluice completion bash|zsh|fish`: the script, generated from the command table.
import process from 'node:process';
import { UsageError } from '../shared/errors.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { bashScript } from './bash.ts';
import { fishScript } from './fish.ts';
import { completionModel } from './model.ts';
import { SHELLS, spec, type Shell } from './spec.ts';
import { zshScript } from './zsh.ts';

type CommandTable = Record<string, { summary: string }>;

export function completionScript(shell: Shell, table: CommandTable): string {
  const model = completionModel(table);
  if (shell === 'bash') return bashScript(model);
  if (shell === 'zsh') return zshScript(model);
  return fishScript(model);
}

/** The command, for the dispatcher's table of commands (names and summaries). */
export function forCommands(table: CommandTable): { run(args: string[]): Promise<number> } {
  return { run: (args) => run(args, table) };
}

export function run(args: string[], table: CommandTable): Promise<number> {
  return runParsed(spec, args, async (parsed) => {
    const [shell, ...rest] = parsed.positionals;
    if (!shell || rest.length > 0 || !(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`write sluice ${spec.usage}`);
    process.stdout.write(completionScript(shell as Shell, table));
    return 0;
  });
}
