// Parses a command's flags, answers --help, and reports any failure as one sentence (exit 1).
// Loads nothing but the parser, so commands without a target (version, completion) start fast.
import process from 'node:process';
import { helpText, type CommandSpec } from './command-spec.ts';
import { reportErrors } from './errors.ts';
import { parseFlags, switchFlag, type ParsedFlags } from './flags.ts';

/** Parses and answers --help; `body` gets the parsed flags (for commands without a target). */
export function runParsed(spec: CommandSpec, args: readonly string[], body: (parsed: ParsedFlags) => Promise<number>): Promise<number> {
  return reportErrors(spec.name, async () => {
    const parsed = parseFlags(args, spec.flags, spec.name);
    if (switchFlag(parsed, 'help')) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    return body(parsed);
  });
}
