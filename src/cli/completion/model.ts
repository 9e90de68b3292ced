// What completion knows, made from the command specs: each command and subcommand (a form), its
// words, flags, flag values, file flags, and whether rollout names follow.
import { flagsOf, type CommandPath, type CommandSpec } from '../shared/command-spec.ts';
import { flagType, type FlagSpec } from '../shared/flags.ts';

export interface CompletedForm {
  /** `get` or `get rollout`: how the scripts name the form. */
  key: string;
  summary: string;
  /** Every flag the parser accepts for this form. */
  flags: readonly FlagSpec[];
  /** The subcommands offered right after the command (none for a subcommand). */
  subcommands: ReadonlyArray<{ name: string; summary: string }>;
  /** Whether rollout names are offered for its words. */
  takesRolloutName: boolean;
  /** For a subcommand: the words that name it (name and aliases). */
  words: readonly string[];
}

export interface CompletedCommand {
  name: string;
  summary: string;
  /** The command itself (without a subcommand word), then each subcommand. */
  forms: readonly CompletedForm[];
  /** Every word that names a subcommand, hidden ones included (they are parsed, not offered). */
  subcommandWords: readonly string[];
}

export function isFileFlag(flag: FlagSpec): boolean {
  const type = flagType(flag);
  return type === 'file' || type === 'dir' || type === 'path';
}

function form(path: CommandPath): CompletedForm {
  const leaf = path[path.length - 1] as CommandSpec;
  const subcommands =
    path.length === 1
      ? (leaf.subcommands ?? []).filter((sub) => !sub.hidden).map((sub) => ({ name: sub.name, summary: sub.summary }))
      : [];
  return {
    key: path.map((spec) => spec.name).join(' '),
    summary: leaf.summary,
    flags: flagsOf(path),
    subcommands,
    takesRolloutName:
      (leaf.arguments ?? []).some((argument) => argument.complete === 'rollouts') &&
      (path.length === 2 || !leaf.subcommands),
    words: path.length === 2 ? [leaf.name, ...(leaf.aliases ?? [])] : [],
  };
}

export function completionModel(commands: readonly CommandSpec[]): CompletedCommand[] {
  return commands.map((root) => {
    const subs = root.subcommands ?? [];
    return {
      name: root.name,
      summary: root.summary,
      forms: [form([root]), ...subs.filter((sub) => !sub.hidden && !sub.refusal).map((sub) => form([root, sub]))],
      subcommandWords: subs.flatMap((sub) => [sub.name, ...(sub.aliases ?? [])]),
    };
  });
}
