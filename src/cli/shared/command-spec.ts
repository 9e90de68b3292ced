// How a command describes itself: name, summary, arguments, flags, subcommands and examples. Its
// parser (command-line.ts), its --help, `sluice help`, the shell completion and docs/cli.md are
// all made from it, so none of them can say something the others do not.
import { describeFlags, flagHead, type FlagSpec } from './flags.ts';
import { TARGET_FLAGS } from './target-flags.ts';

export interface ArgumentSpec {
  /** As shown: `NAME`, `CONTAINER=IMAGE`. */
  name: string;
  description: string;
  /** One or more (`NAME...`). */
  repeatable?: boolean;
  optional?: boolean;
  /** What shell completion offers for it. */
  complete?: 'rollouts';
}

export interface CommandSpec {
  /** The word typed: `get`, or for a subcommand `rollout`. */
  name: string;
  /** Other words for a subcommand (`ro`, `rollouts`). */
  aliases?: readonly string[];
  /** One line, for the list of commands and completion. */
  summary: string;
  /** The paragraph of --help (default: the summary). */
  description?: string;
  arguments?: readonly ArgumentSpec[];
  /** The command's own flags; the shared ones are added by `target` and for every command -h. */
  flags: readonly FlagSpec[];
  /** Takes the target and namespace flags of shared/target-flags.ts (set on the command, inherited by its subcommands). */
  target?: boolean;
  subcommands?: readonly CommandSpec[];
  /** Also runs without a subcommand (`create -f FILE`): then `flags` and `arguments` are that form's. */
  runsAlone?: boolean;
  /** A word Argo's plugin has that sluice refuses: the sentence said instead (experiments). */
  refusal?: string;
  /** Not offered by completion nor listed in help (still parsed, for its refusal). */
  hidden?: boolean;
  examples?: readonly string[];
  /** Lines after the options in --help: exit status, signals. */
  notes?: readonly string[];
  /** Exit code of a usage mistake (default 1). */
  usageExitCode?: number;
}

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', takesValue: false, description: 'show this help' };

/** A command, or a command and its subcommand: `[get]`, `[get, rollout]`. */
export type CommandPath = readonly [CommandSpec] | readonly [CommandSpec, CommandSpec];

export function leafOf(path: CommandPath): CommandSpec {
  return path[path.length - 1] as CommandSpec;
}

/** `get rollout`. */
export function pathName(path: CommandPath): string {
  return path.map((spec) => spec.name).join(' ');
}

/** The flags every form of the command takes: the target flags (when it has a target), then -h. */
export function sharedFlags(root: CommandSpec): readonly FlagSpec[] {
  return root.target ? [...TARGET_FLAGS, HELP_FLAG] : [HELP_FLAG];
}

/** Every flag the parser accepts for this form. */
export function flagsOf(path: CommandPath): readonly FlagSpec[] {
  return [...leafOf(path).flags, ...sharedFlags(path[0])];
}

/** The forms that run: the command alone (without subcommands, or `runsAlone`), then each subcommand that is not refused. */
export function formsOf(root: CommandSpec): CommandPath[] {
  const subcommands = (root.subcommands ?? []).filter((sub) => !sub.refusal).map((sub): CommandPath => [root, sub]);
  return !root.subcommands || root.runsAlone ? [[root], ...subcommands] : subcommands;
}

/** The subcommand a word names (its name or an alias). */
export function subcommandOf(root: CommandSpec, word: string): CommandSpec | undefined {
  return root.subcommands?.find((sub) => sub.name === word || sub.aliases?.includes(word));
}

function flagSynopsis(flag: FlagSpec): string {
  const written = flag.short ? `-${flag.short}` : `--${flag.name}`;
  const value = flag.takesValue ? ` ${flag.choices ? flag.choices.join('|') : (flag.valueName ?? 'VALUE')}` : '';
  if (flag.required) return `${written}${value}${flag.repeatable ? '...' : ''}`;
  return `[${written}${value}]${flag.repeatable ? '...' : ''}`;
}

function argumentSynopsis(argument: ArgumentSpec): string {
  const text = `${argument.name}${argument.repeatable ? '...' : ''}`;
  return argument.optional ? `[${text}]` : text;
}

/** The words and flags after the command's path: `NAME [-w] [-o json|yaml] [-n NS]`. */
function tail(path: CommandPath): string {
  const leaf = leafOf(path);
  const parts = [...(leaf.arguments ?? []).map(argumentSynopsis), ...leaf.flags.map(flagSynopsis)];
  if (path[0].target) parts.push('[-n NS]');
  return parts.join(' ');
}

/** `get rollout NAME [-w] ... [-n NS]`, without the leading `sluice`. */
export function synopsis(path: CommandPath): string {
  const rest = tail(path);
  return rest ? `${pathName(path)} ${rest}` : pathName(path);
}

/** The synopses of the forms, forms that differ only in their word merged: `completion bash|zsh|fish`. */
export function synopses(root: CommandSpec): string[] {
  const lines: Array<{ words: string[]; tail: string; path: CommandPath }> = [];
  for (const path of formsOf(root)) {
    const previous = lines[lines.length - 1];
    const rest = tail(path);
    if (previous && path.length === 2 && previous.path.length === 2 && previous.tail === rest)
      previous.words.push(leafOf(path).name);
    else lines.push({ words: path.length === 2 ? [leafOf(path).name] : [], tail: rest, path });
  }
  return lines.map(({ words, tail: rest }) => [root.name, words.join('|'), rest].filter(Boolean).join(' '));
}

/** What to write instead of a wrong line: `write sluice get rollout NAME ... or sluice get analysisrun NAME ...`. */
export function writeInstead(root: CommandSpec): string {
  return `write ${synopses(root)
    .map((line) => `sluice ${line}`)
    .join(' or ')}`;
}

const WIDTH = 100;

function wrap(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** The --help of a command (all its forms) or of one subcommand. */
export function helpText(path: CommandPath): string {
  const root = path[0];
  const forms = path.length === 2 ? [path] : formsOf(root);
  const usage = path.length === 2 ? [synopsis(path)] : synopses(root);
  const lines = usage.map((line, index) => `${index === 0 ? 'usage: ' : '       '}sluice ${line}`);
  const leaf = leafOf(path);
  lines.push('', ...wrap(leaf.description ?? leaf.summary));
  const sections: Array<{ title: string; flags: readonly FlagSpec[] }> = [];
  for (const form of forms) {
    const own = leafOf(form).flags;
    if (own.length === 0) continue;
    sections.push({
      title: forms.length > 1 && form.length === 2 ? `options of sluice ${pathName(form)}:` : 'options:',
      flags: own,
    });
  }
  const shared = sharedFlags(root);
  if (root.target)
    sections.push({ title: 'target options (every command that reads or changes rollouts):', flags: shared });
  else if (sections[0]?.title === 'options:')
    sections[0] = { title: 'options:', flags: [...sections[0].flags, ...shared] };
  else sections.unshift({ title: 'options:', flags: shared });
  const width = Math.max(...sections.flatMap((section) => section.flags.map((flag) => flagHead(flag).length)));
  const argumentsOf = forms
    .flatMap((form) => leafOf(form).arguments ?? [])
    .filter(
      (argument, index, all) =>
        all.findIndex((other) => other.name === argument.name && other.description === argument.description) === index,
    );
  if (argumentsOf.length > 0) {
    const argumentWidth = Math.max(width, ...argumentsOf.map((argument) => argument.name.length + 4));
    lines.push(
      '',
      'arguments:',
      ...argumentsOf.map((argument) => `  ${`    ${argument.name}`.padEnd(argumentWidth)}  ${argument.description}`),
    );
  }
  for (const section of sections) lines.push('', section.title, describeFlags(section.flags, width));
  const subcommandsListed = path.length === 1 ? (root.subcommands ?? []).filter((sub) => !sub.hidden) : [];
  if (subcommandsListed.length > 0) {
    const nameWidth = Math.max(...subcommandsListed.map((sub) => sub.name.length));
    lines.push(
      '',
      'subcommands:',
      ...subcommandsListed.map(
        (sub) =>
          `  ${sub.name.padEnd(nameWidth)}  ${sub.summary}${sub.aliases?.length ? ` (also: ${sub.aliases.join(', ')})` : ''}`,
      ),
    );
  }
  const notes = [...(root.notes ?? []), ...(path.length === 2 ? (leaf.notes ?? []) : [])];
  if (notes.length > 0) lines.push('', ...notes);
  const examples =
    path.length === 2
      ? [...(leaf.examples ?? [])]
      : [...(root.examples ?? []), ...(root.subcommands ?? []).flatMap((sub) => sub.examples ?? [])];
  if (examples.length > 0) lines.push('', 'examples:', ...examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}

/** `NAME`: one rollout. */
export const ROLLOUT_NAME: ArgumentSpec = { name: 'NAME', description: 'the rollout', complete: 'rollouts' };

/** `NAME...`: one rollout or more. */
export const ROLLOUT_NAMES: ArgumentSpec = {
  name: 'NAME',
  description: 'the rollouts, one or more',
  repeatable: true,
  complete: 'rollouts',
};
