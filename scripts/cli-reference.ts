// Writes the reference of docs/cli.md (every command, subcommand and flag) from the command specs
// of src/cli, between its two marker lines. `node scripts/cli-reference.ts` rewrites the file;
// test/unit/cli/cli-doc.test.ts fails when the file and the specs differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { COMMANDS } from '../src/cli/commands.ts';
import {
  formsOf,
  pathName,
  sharedFlags,
  synopses,
  type CommandPath,
  type CommandSpec,
} from '../src/cli/shared/command-spec.ts';
import { flagType, type FlagSpec } from '../src/cli/shared/flags.ts';
import { TARGET_FLAGS } from '../src/cli/shared/target-flags.ts';

export const DOC = new URL('../docs/cli.md', import.meta.url);
export const BEGIN =
  '<!-- reference: generated from the command specs by `node scripts/cli-reference.ts`; do not edit by hand -->';
export const END = '<!-- end of the generated reference -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function flagRow(flag: FlagSpec): string {
  const written = `${flag.short ? `\`-${flag.short}\`, ` : ''}\`--${flag.name}\``;
  const type = flagType(flag);
  const value = flag.choices
    ? flag.choices.map((choice) => `\`${choice}\``).join(', ')
    : flag.takesValue
      ? `${type} \`${flag.valueName ?? 'VALUE'}\``
      : 'switch';
  const shown = flag.defaultText ?? (flag.default === undefined || flag.default === false ? '' : String(flag.default));
  const what = `${flag.description}${flag.repeatable ? ' (repeatable)' : ''}`;
  return `| ${cell(written)} | ${cell(value)} | ${cell(shown)} | ${cell(what)} |`;
}

function flagTable(flags: readonly FlagSpec[]): string[] {
  return ['| flag | value | default | what |', '| --- | --- | --- | --- |', ...flags.map(flagRow)];
}

function commandSection(root: CommandSpec): string[] {
  const lines = [
    `#### ${root.name}`,
    '',
    cell(root.summary.charAt(0).toUpperCase() + root.summary.slice(1)) + '.',
    '',
    '```text',
    ...synopses(root).map((line) => `sluice ${line}`),
    '```',
  ];
  const aliases = (root.subcommands ?? [])
    .filter((sub) => sub.aliases?.length && !sub.refusal)
    .map((sub) => `\`${sub.name}\`: ${sub.aliases?.map((alias) => `\`${alias}\``).join(', ')}`);
  if (aliases.length > 0) lines.push('', `Aliases: ${aliases.join('; ')}.`);
  const refused = (root.subcommands ?? []).filter((sub) => sub.refusal);
  for (const sub of refused)
    lines.push(
      '',
      `\`${root.name} ${sub.name}\` (${sub.aliases?.map((alias) => `\`${alias}\``).join(', ')}): refused, "${sub.refusal}".`,
    );
  for (const form of formsOf(root) as CommandPath[]) {
    const leaf = form[form.length - 1] as CommandSpec;
    if (leaf.flags.length === 0) continue;
    lines.push(
      '',
      formsOf(root).length > 1 ? `Flags of \`${pathName(form)}\`:` : 'Flags:',
      '',
      ...flagTable(leaf.flags),
    );
  }
  lines.push('', root.target ? 'And the target flags, and `-h/--help`.' : 'And `-h/--help`.');
  return lines;
}

/** The generated part of docs/cli.md. */
export function cliReference(): string {
  const lines = [
    '| command | what it does |',
    '| --- | --- |',
    ...COMMANDS.map((spec) => `| [\`${spec.name}\`](#${spec.name}) | ${cell(spec.summary)} |`),
    '',
    'The target flags, taken by every command that reads or changes rollouts (the commands whose',
    'reference below says so), are declared once (`src/cli/shared/target-flags.ts`):',
    '',
    ...flagTable(TARGET_FLAGS),
    '',
    `Every command takes ${sharedFlags({ name: '', summary: '', flags: [] })
      .map((flag) => `\`-${flag.short}/--${flag.name}\``)
      .join(', ')}.`,
  ];
  for (const root of COMMANDS) lines.push('', ...commandSection(root));
  return lines.join('\n');
}

/** The document with its generated part replaced. */
export function withReference(text: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`docs/cli.md has no ${BEGIN} ... ${END} section`);
  return `${text.slice(0, begin + BEGIN.length)}\n\n${cliReference()}\n\n${text.slice(end)}`;
}

if (import.meta.main) {
  writeFileSync(DOC, withReference(readFileSync(DOC, 'utf8')));
}
