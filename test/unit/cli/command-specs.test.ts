// The table of command specs against what the commands do: every form's --help lists exactly the
// flags its parser accepts, every command has its code, and a mistyped flag is refused in one
// sentence that names the command and the closest flag, with the command's exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../../src/cli/commands.ts';
import { LOADERS, main } from '../../../src/cli/main.ts';
import { parseCommandLine } from '../../../src/cli/shared/command-line.ts';
import { flagsOf, formsOf, helpText, pathName, type CommandPath } from '../../../src/cli/shared/command-spec.ts';
import { closestFlag, closestName, type FlagSpec } from '../../../src/cli/shared/flags.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Every form of every command, and each command alone (whose help lists all its forms). */
function allPaths(): CommandPath[] {
  return COMMANDS.flatMap((root): CommandPath[] => [[root], ...formsOf(root).filter((form) => form.length === 2)]);
}

/** The flags a help text lists: `-n, --namespace NS ...` gives namespace. */
function listedFlags(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((match) => match[1] ?? '');
}

/** A value the parser takes for the flag. */
function sample(flag: FlagSpec): string[] {
  if (!flag.takesValue) return [`--${flag.name}`];
  const value =
    flag.choices?.[0] ??
    (flag.type === 'integer' || flag.type === 'port'
      ? String(Math.max(flag.min ?? 1, 1))
      : flag.type === 'duration'
        ? '10s'
        : 'x');
  return [`--${flag.name}`, value];
}

/** The words of a form: its subcommand, a word for each argument it needs, and its required flags. */
function wordsOf(form: CommandPath): string[] {
  const leaf = form[form.length - 1];
  const required = (leaf?.flags ?? []).filter((flag) => flag.required).flatMap(sample);
  return [
    ...form.slice(1).map((spec) => spec.name),
    ...(leaf?.arguments ?? []).filter((argument) => !argument.optional).map(() => 'web=x:1'),
    ...required,
  ];
}

/** What `sluice ARGS` prints on standard output, run through the dispatcher as bin/sluice runs it. */
async function helpPrinted(args: string[]): Promise<string> {
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    assert.equal(await main(args), 0, `sluice ${args.join(' ')}`);
  } finally {
    process.stdout.write = write;
  }
  return printed;
}

describe('the command specs', () => {
  it('every command has its code, and every loader its spec', () => {
    assert.deepEqual(Object.keys(LOADERS).sort(), COMMANDS.map((spec) => spec.name).sort());
  });

  for (const form of allPaths()) {
    it(`${pathName(form)} --help lists exactly the flags its parser accepts`, async () => {
      const root = form[0];
      const printed = await helpPrinted([...form.map((spec) => spec.name), '--help']);
      assert.equal(printed, helpText(form));
      const listed = listedFlags(printed);
      const forms = form.length === 2 ? [form] : formsOf(root);
      const accepted = new Set(forms.flatMap((each) => flagsOf(each).map((flag) => flag.name)));
      assert.deepEqual([...new Set(listed)].sort(), [...accepted].sort());
      // Each flag listed parses in a form that lists it (and a flag of no form would fail above).
      for (const each of forms) {
        for (const flag of flagsOf(each)) {
          if (flag.name === 'help') continue;
          assert.doesNotThrow(
            () => parseCommandLine(root, [...wordsOf(each), ...sample(flag)]),
            `sluice ${pathName(each)} --${flag.name}`,
          );
        }
      }
    });
  }

  it('every form refuses a flag its help does not list', () => {
    for (const form of allPaths()) {
      if (form.length === 1 && form[0].subcommands && !form[0].runsAlone) continue;
      assert.throws(
        () => parseCommandLine(form[0], [...wordsOf(form), '--no-such-flag']),
        /unknown flag --no-such-flag for sluice /,
        pathName(form),
      );
    }
  });

  it('the closest flag is one the name starts, or within a few letters', () => {
    const flags: FlagSpec[] = [
      { name: 'timeout', takesValue: true, description: '' },
      { name: 'to-revision', takesValue: true, description: '' },
      { name: 'namespace', takesValue: true, description: '' },
    ];
    assert.equal(closestFlag('timout', flags), 'timeout');
    assert.equal(closestFlag('namespcae', flags), 'namespace');
    assert.equal(closestFlag('to-rev', flags), 'to-revision');
    assert.equal(closestFlag('bogus', flags), undefined);
    // Two neighbours swapped count as one edit; a word far from all names gets none.
    assert.equal(closestName('wacth', ['watch', 'name']), 'watch');
    assert.equal(closestName('statsu', ['status', 'set']), 'status');
    assert.equal(closestName('tcsh', ['bash', 'zsh', 'fish']), undefined);
  });
});

describe('an unknown flag', () => {
  const sluice = (...args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SLUICE_TARGET: '', KUBECONFIG: '/nonexistent' },
    });
    return { code: result.status, stderr: result.stderr };
  };

  const cases: Array<{ args: string[]; stderr: string; code: number }> = [
    {
      args: ['status', 'web', '--timout', '5m'],
      stderr:
        'sluice status: unknown flag --timout for sluice status; did you mean --timeout? See sluice status --help\n',
      code: 1,
    },
    {
      args: ['get', 'rollout', 'web', '--wacth'],
      stderr:
        'sluice get: unknown flag --wacth for sluice get rollout; did you mean --watch? See sluice get rollout --help\n',
      code: 1,
    },
    {
      args: ['create', 'analysisrun', '--from-fil', 'x.yaml'],
      stderr:
        'sluice create: unknown flag --from-fil for sluice create analysisrun; did you mean --from-file? See sluice create analysisrun --help\n',
      code: 1,
    },
    {
      args: ['lint', '--filenam', 'x'],
      stderr: 'sluice lint: unknown flag --filenam for sluice lint; did you mean --filename? See sluice lint --help\n',
      code: 1,
    },
    {
      args: ['controller', '--leader-elec'],
      stderr:
        'sluice controller: unknown flag --leader-elec for sluice controller; did you mean --leader-elect? See sluice controller --help\n',
      code: 2,
    },
    {
      args: ['get', 'analysisrun', 'r', '--watch'],
      stderr:
        'sluice get: --watch belongs to sluice get rollout, not to sluice get analysisrun; see sluice get rollout --help\n',
      code: 1,
    },
    {
      args: ['version', '--bogus'],
      stderr: 'sluice version: unknown flag --bogus for sluice version; see sluice version --help\n',
      code: 1,
    },
  ];
  for (const { args, stderr, code } of cases) {
    it(`sluice ${args.join(' ')}: one sentence naming the command and the closest flag, exit ${code}`, () => {
      assert.deepEqual(sluice(...args), { code, stderr });
    });
  }
});

describe('sluice help and mistyped words', () => {
  const sluice = (...args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('sluice help COMMAND [SUBCOMMAND] prints what COMMAND [SUBCOMMAND] --help prints', () => {
    for (const words of [['get', 'rollout'], ['create'], ['lint'], ['completion', 'zsh']]) {
      const help = sluice('help', ...words);
      assert.deepEqual(help, { ...sluice(...words, '--help'), code: 0 }, words.join(' '));
      assert.match(help.stdout, new RegExp(`^usage: sluice ${words.join(' ')}`));
    }
    assert.deepEqual(sluice('help', 'get', 'pods'), {
      code: 1,
      stdout: '',
      stderr: 'sluice help: no command "get pods"; run "sluice --help" for the list of commands\n',
    });
  });

  it('a mistyped command or subcommand is named, with the closest one', () => {
    assert.deepEqual(sluice('promot', 'web'), {
      code: 1,
      stdout: '',
      stderr:
        'sluice: unknown command "promot" (did you mean promote?); run "sluice --help" for the list of commands\n',
    });
    const sub = sluice('list', 'rollots');
    assert.equal(sub.code, 1);
    assert.match(
      sub.stderr,
      /^sluice list: write sluice list rollouts .* \("rollots" is not one of them; did you mean rollouts\?\)\n$/,
    );
  });
});
