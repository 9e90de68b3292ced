// Parses a command line against the command's spec, answers --help, and reports any failure as
// one sentence (exit 1, or the spec's usageExitCode for a usage mistake). Loads nothing but the
// parser, so commands without a target (version, completion) start fast.
import process from 'node:process';
import { helpText, type CommandSpec } from './command-spec.ts';
import { parseCommandLine, type CommandLine } from './command-line.ts';
import { reportErrors } from './errors.ts';

/** Parses and answers --help; `body` gets the command line read. */
export function runParsed(
  spec: CommandSpec,
  args: readonly string[],
  body: (line: CommandLine) => Promise<number>,
): Promise<number> {
  return reportErrors(
    spec.name,
    async () => {
      const line = parseCommandLine(spec, args);
      if (line.help) {
        process.stdout.write(helpText(line.path));
        return 0;
      }
      return body(line);
    },
    process.env,
    spec.usageExitCode,
  );
}
