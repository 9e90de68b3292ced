// The completion scripts, loaded into real shells: bash answers COMP_WORDS as a user's Tab
// would; zsh and fish (when installed) at least parse the script.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { sluice } from './cli-process.ts';

function installed(shell: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
}

describe('sluice completion', () => {
  it('bash: registers sluice and kubectl-sluice, completes commands, words, flags and flag values', async () => {
    const script = await sluice(['completion', 'bash']);
    assert.equal(script.code, 0, script.stderr);
    const file = path.join(temporaryDir('completion'), 'sluice.bash');
    writeFileSync(file, script.stdout);
    const complete = (words: string[]) => {
      const array = words.map((word) => `'${word}'`).join(' ');
      return execFileSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _sluice; printf '%s ' "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).trim();
    };
    assert.match(execFileSync('bash', ['-c', `source '${file}'; complete -p sluice kubectl-sluice`], { encoding: 'utf8' }), /complete -F _sluice sluice\ncomplete -F _sluice kubectl-sluice/);
    const cases: Array<{ words: string[]; expected: string }> = [
      { words: ['sluice', 'pro'], expected: 'promote' },
      { words: ['sluice', 're'], expected: 'resume retry restart' },
      { words: ['sluice', 'get', ''], expected: 'rollout analysisrun' },
      { words: ['sluice', 'get', 'rollout', 'web', '-o', ''], expected: 'json yaml' },
      { words: ['sluice', 'list', 'rollouts', '--output', ''], expected: 'json yaml name' },
      { words: ['sluice', 'promote', '--fu'], expected: '--full' },
      { words: ['sluice', 'undo', 'web', '--to'], expected: '--to-revision' },
      { words: ['sluice', 'completion', ''], expected: 'bash zsh fish' },
      { words: ['sluice', 'status', 'web', '--time'], expected: '--timeout' },
    ];
    for (const { words, expected } of cases) assert.equal(complete(words), expected, words.join(' '));
  });

  for (const shell of ['zsh', 'fish'] as const) {
    it(`${shell}: the script parses`, { skip: installed(shell) ? false : `${shell} is not installed` }, async () => {
      const script = await sluice(['completion', shell]);
      const file = path.join(temporaryDir('completion'), `sluice.${shell}`);
      writeFileSync(file, script.stdout);
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
    });
  }

  it('refuses an unknown shell in one sentence', async () => {
    const result = await sluice(['completion', 'tcsh']);
    assert.deepEqual([result.code, result.stderr], [1, 'sluice completion: write sluice completion bash|zsh|fish\n']);
  });
});
