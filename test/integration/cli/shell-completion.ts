// The completion scripts in real shells, for the tests: each helper loads the script that
// `sluice completion SHELL` printed and completes a command line as a user's Tab would, with
// bin/ first on PATH so the scripts' own calls (listing rollouts) run this checkout's sluice.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { neutralEnv, ROOT, sluice, withTestNode } from './cli-process.ts';

export type Shell = 'bash' | 'zsh' | 'fish';

const ZSH_COMPLETE = fileURLToPath(new URL('./zsh-complete.zsh', import.meta.url));
const TIMEOUT_MS = 60_000;

export function installed(shell: Shell): boolean {
  return spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
}

/**
 * A missing shell skips on a developer's machine; in CI (CI=true) the test runs and fails, since
 * CI installs every shell (.ci/debian-packages).
 */
export function skipUnlessInstalled(shell: Shell): string | false {
  return installed(shell) || process.env['CI'] === 'true' ? false : `${shell} is not installed`;
}

export function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = withTestNode(neutralEnv(extra));
  return { ...env, PATH: `${path.join(ROOT, 'bin')}${path.delimiter}${env['PATH'] ?? ''}` };
}

/** Writes the script of `sluice completion SHELL` to a file and returns its path. */
export async function completionScript(shell: Shell): Promise<string> {
  const script = await sluice(['completion', shell]);
  if (script.code !== 0) throw new Error(`sluice completion ${shell} exited ${script.code}: ${script.stderr}`);
  const file = path.join(temporaryDir('completion'), `sluice.${shell}`);
  writeFileSync(file, script.stdout);
  return file;
}

const END = '<end>';

/** For each line (which ends where Tab is pressed), the candidates the shell offers, sorted. */
export function complete(
  shell: Shell,
  script: string,
  lines: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): string[][] {
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, {
      encoding: 'utf8',
      env: shellEnv(options.env),
      cwd: options.cwd ?? ROOT,
      timeout: TIMEOUT_MS,
    });
  let output: string;
  if (shell === 'bash') {
    const calls = lines.map((line) => {
      const words = line.split(' ');
      const array = words.map((word) => `'${word}'`).join(' ');
      return `COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _sluice; printf '%s\\n' "\${COMPREPLY[@]}" '${END}'`;
    });
    output = run('bash', ['-c', [`source '${script}'`, ...calls].join('\n')]);
  } else if (shell === 'zsh') {
    output = run('zsh', ['-f', ZSH_COMPLETE, script, ...lines]);
  } else {
    // fish prints "candidate<TAB>description".
    const calls = lines.map((line) => `complete -C '${line}'; echo '${END}'`);
    output = run('fish', ['--no-config', '-c', [`source '${script}'`, ...calls].join('\n')]).replace(/\t.*$/gm, '');
  }
  const groups = output.split(`${END}\n`).slice(0, lines.length);
  if (groups.length !== lines.length)
    throw new Error(`${shell} answered ${groups.length} of ${lines.length} lines:\n${output}`);
  return groups.map((group) =>
    group
      .split('\n')
      .filter((candidate) => candidate !== '')
      .sort(),
  );
}
