// The completion scripts, loaded into real shells (bash, zsh with compinit, fish) and asked to
// complete command lines as a user's Tab would. A shell that is not installed skips here, and
// fails in CI (CI=true). Rollout names from a running runtime: local-verbs.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { sluice } from './cli-process.ts';
import {
  complete,
  completionScript,
  installed,
  shellEnv,
  skipUnlessInstalled,
  type Shell,
} from './shell-completion.ts';

/** What every shell completes alike (candidates sorted). */
const CASES: Array<{ line: string; expected: string[] }> = [
  { line: 'sluice pro', expected: ['promote'] },
  { line: 'sluice re', expected: ['restart', 'resume', 'retry'] },
  { line: 'sluice get ', expected: ['analysisrun', 'experiment', 'rollout'] },
  { line: 'sluice get rollout web -o ', expected: ['json', 'yaml'] },
  { line: 'sluice list rollouts --output ', expected: ['json', 'name', 'yaml'] },
  { line: 'sluice promote --fu', expected: ['--full'] },
  { line: 'sluice undo web --to', expected: ['--to-revision', '--token'] },
  { line: 'sluice get rollout web --insec', expected: ['--insecure-skip-tls-verify'] },
  { line: 'sluice completion ', expected: ['bash', 'fish', 'zsh'] },
  { line: 'sluice status web --time', expected: ['--timeout'] },
  { line: 'kubectl-sluice pro', expected: ['promote'] },
  { line: 'sluice te', expected: ['terminate'] },
  { line: 'sluice terminate ', expected: ['analysisrun', 'experiment'] },
  { line: 'sluice cr', expected: ['create'] },
  { line: 'sluice create ', expected: ['analysisrun'] },
  { line: 'sluice create analysisrun --gl', expected: ['--global'] },
  { line: 'sluice create analysisrun --generate', expected: ['--generate-name'] },
  { line: 'sluice create analysisrun --from-', expected: ['--from-file'] },
  { line: 'sluice create --file', expected: ['--filename'] },
];

function assertInstalled(shell: Shell): void {
  assert.ok(
    installed(shell),
    `${shell} is not installed; CI installs it from .ci/debian-packages (Debian package ${shell})`,
  );
}

describe('sluice completion', () => {
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(`${shell}: completes commands, words, flags and flag values`, { skip: skipUnlessInstalled(shell) }, async () => {
      assertInstalled(shell);
      const script = await completionScript(shell);
      const answers = complete(
        shell,
        script,
        CASES.map((c) => c.line),
      );
      CASES.forEach(({ line, expected }, index) => assert.deepEqual(answers[index], expected, `${shell}: ${line}`));
    });
  }

  it('bash: registers sluice and kubectl-sluice', async () => {
    const script = await completionScript('bash');
    const registered = execFileSync('bash', ['-c', `source '${script}'; complete -p sluice kubectl-sluice`], {
      encoding: 'utf8',
    });
    assert.match(registered, /complete -F _sluice sluice\ncomplete -F _sluice kubectl-sluice/);
  });

  it('zsh: loads after compinit from `source <(sluice completion zsh)` and registers both names', {
    skip: skipUnlessInstalled('zsh'),
  }, () => {
    assertInstalled('zsh');
    const loaded = execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        'autoload -U compinit && compinit -u -D && source <(sluice completion zsh) && print -r -- $_comps[sluice] $_comps[kubectl-sluice]',
      ],
      { encoding: 'utf8', env: shellEnv() },
    );
    assert.equal(loaded, '_sluice _sluice\n');
  });

  it('fish: loads from `sluice completion fish | source`, kubectl-sluice completes as sluice', {
    skip: skipUnlessInstalled('fish'),
  }, () => {
    assertInstalled('fish');
    const loaded = execFileSync(
      'fish',
      ['--no-config', '-c', "sluice completion fish | source; complete -C 'kubectl-sluice completion '"],
      { encoding: 'utf8', env: shellEnv() },
    );
    // fish prints "candidate<TAB>description".
    assert.deepEqual(
      loaded
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0])
        .sort(),
      ['bash', 'fish', 'zsh'],
    );
  });

  it('refuses an unknown shell in one sentence', async () => {
    const result = await sluice(['completion', 'tcsh']);
    assert.deepEqual(
      [result.code, result.stderr],
      [1, 'sluice completion: write sluice completion bash|zsh|fish ("tcsh" is not one of them)\n'],
    );
  });
});
