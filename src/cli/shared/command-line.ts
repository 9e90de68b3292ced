// Reads a command line against the command's spec: which form (subcommand) it is, its flags, its
// words. Everything it refuses is refused in one sentence that says what to write instead.
import { CliError, UsageError } from './errors.ts';
import {
  flagsOf,
  formsOf,
  leafOf,
  pathName,
  subcommandOf,
  synopsis,
  writeInstead,
  type CommandPath,
  type CommandSpec,
} from './command-spec.ts';
import { closestName, parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';

export interface CommandLine {
  /** The command, and the subcommand written (`[get, rollout]`). */
  path: CommandPath;
  /** The words after the command and its subcommand. */
  words: string[];
  flags: ParsedFlags;
  /** -h or --help was given: nothing else was checked. */
  help: boolean;
}

export function parseCommandLine(root: CommandSpec, args: readonly string[]): CommandLine {
  const end = args.indexOf('--');
  const help = (end < 0 ? args : args.slice(0, end)).some(
    (arg) => arg === '-h' || arg === '--help' || arg === '--help=true',
  );
  const path = choosePath(root, args, help);
  if (help) return { path, words: [], flags: { positionals: [], values: new Map(), specs: flagsOf(path) }, help };
  const leaf = leafOf(path);
  if (leaf.refusal) throw new CliError(leaf.refusal);
  const others = formsOf(root)
    .filter((form) => pathName(form) !== pathName(path))
    .map((form) => ({ command: pathName(form), flags: leafOf(form).flags }));
  const flags = parseFlags(args, flagsOf(path), pathName(path), others);
  const missing = leaf.flags.find((flag) => flag.required && !flags.values.has(flag.name));
  if (missing?.required) throw new UsageError(missing.required);
  const words = path.length === 2 ? flags.positionals.slice(1) : flags.positionals;
  checkArguments(path, words);
  return { path, words, flags, help };
}

/** The subcommand is the first word that is not a flag or a flag's value. */
function choosePath(root: CommandSpec, args: readonly string[], help: boolean): CommandPath {
  if (!root.subcommands) return [root];
  const word = firstWord(args, allFlags(root));
  const sub = word === undefined ? undefined : subcommandOf(root, word);
  if (sub) return [root, sub];
  if (help || (root.runsAlone && word === undefined)) return [root];
  if (word === undefined) throw new UsageError(writeInstead(root));
  const closest = closestName(
    word,
    (root.subcommands ?? [])
      .filter((candidate) => !candidate.hidden)
      .flatMap((candidate) => [candidate.name, ...(candidate.aliases ?? [])]),
  );
  throw new UsageError(
    `${writeInstead(root)} ("${word}" is not one of them${closest ? `; did you mean ${closest}?` : ''})`,
  );
}

function allFlags(root: CommandSpec): FlagSpec[] {
  return [root, ...(root.subcommands ?? [])].flatMap((spec) => flagsOf(spec === root ? [root] : [root, spec]));
}

function firstWord(args: readonly string[], flags: readonly FlagSpec[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') return args[index + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (arg.includes('=')) continue;
    const flag = arg.startsWith('--')
      ? flags.find((spec) => spec.name === arg.slice(2))
      : flags.find((spec) => spec.short === arg.slice(1));
    if (flag?.takesValue) index++;
  }
  return undefined;
}

function checkArguments(path: CommandPath, words: string[]): void {
  const declared = leafOf(path).arguments ?? [];
  const least = declared.filter((argument) => !argument.optional).length;
  const most = declared.some((argument) => argument.repeatable) ? Infinity : declared.length;
  if (words.length < least) {
    const missing = declared.slice(words.length).filter((argument) => !argument.optional)[0];
    throw new UsageError(
      `write sluice ${synopsis(path)} (${missing?.name ?? 'a word'} is missing: ${missing?.description ?? ''})`,
    );
  }
  if (words.length > most) {
    const extra = words
      .slice(most)
      .map((word) => `"${word}"`)
      .join(' ');
    throw new UsageError(
      declared.length === 0
        ? `sluice ${pathName(path)} takes no words after it (got ${extra}); write sluice ${synopsis(path)}`
        : `write sluice ${synopsis(path)} (too many words: ${extra})`,
    );
  }
}
