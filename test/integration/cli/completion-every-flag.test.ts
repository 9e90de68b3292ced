// Every command, subcommand, flag and flag value of the command specs is offered by the generated
// completion scripts, in real bash, zsh and fish: the scripts are made from the specs, and this
// checks that nothing is lost on the way (a form whose flags the script does not reach, a
// subcommand it does not offer). A shell that is not installed skips here, and fails in CI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../../src/cli/commands.ts';
import { flagsOf, formsOf, pathName, type CommandPath } from '../../../src/cli/shared/command-spec.ts';
import { complete, completionScript, installed, skipUnlessInstalled } from './shell-completion.ts';

interface Case {
  line: string;
  expected: string[];
}

function sorted(words: Iterable<string>): string[] {
  return [...new Set(words)].sort();
}

/** The lines to complete and what each must offer, all from the specs. */
function cases(): Case[] {
  const list: Case[] = [{ line: 'sluice ', expected: sorted(COMMANDS.map((spec) => spec.name)) }];
  for (const root of COMMANDS) {
    const visible = (root.subcommands ?? []).filter((sub) => !sub.hidden);
    if (visible.length > 0)
      list.push({ line: `sluice ${root.name} `, expected: sorted(visible.map((sub) => sub.name)) });
    const paths: CommandPath[] = [[root], ...formsOf(root).filter((path) => path.length === 2)];
    for (const path of paths) {
      const flags = flagsOf(path);
      list.push({ line: `sluice ${pathName(path)} --`, expected: sorted(flags.map((flag) => `--${flag.name}`)) });
      for (const flag of flags.filter((candidate) => candidate.choices))
        list.push({ line: `sluice ${pathName(path)} --${flag.name} `, expected: sorted(flag.choices ?? []) });
    }
  }
  return list;
}

describe('completion offers every command, subcommand, flag and flag value of the specs', () => {
  const all = cases();

  it("asks about the subcommands' own flags and values, not only the commands'", () => {
    const lines = all.map((c) => c.line);
    for (const line of [
      'sluice create analysisrun --',
      'sluice get rollout --output ',
      'sluice list rollouts --output ',
      'sluice completion ',
      'sluice controller --',
    ])
      assert.ok(lines.includes(line), line);
  });

  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(shell, { skip: skipUnlessInstalled(shell) }, async () => {
      assert.ok(
        installed(shell),
        `${shell} is not installed; CI installs it from .ci/debian-packages (Debian package ${shell})`,
      );
      const script = await completionScript(shell);
      const answers = complete(
        shell,
        script,
        all.map((c) => c.line),
      );
      const wrong = all.flatMap(({ line, expected }, index) => {
        const got = answers[index] ?? [];
        return JSON.stringify(got) === JSON.stringify(expected)
          ? []
          : [`${line}|: offered ${got.join(' ') || '(nothing)'}; expected ${expected.join(' ')}`];
      });
      assert.deepEqual(wrong, [], `${shell}:\n${wrong.join('\n')}`);
    });
  }
});
