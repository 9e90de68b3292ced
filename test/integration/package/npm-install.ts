// The npm package as a user installs it: `npm pack` of the checkout (its prepack bundles the CLI),
// then `npm install` of the tarball into a fresh prefix. No registry is reached: the one
// dependency (yaml, which the bundle holds anyway and only the sources import) is packed from the
// checkout's node_modules and installed beside it.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../cli/cli-process.ts';

/** Packs and installs into work/prefix; returns the prefix (its node_modules/.bin/sluice is the command). */
export function packAndInstall(work: string, env: NodeJS.ProcessEnv = process.env): string {
  // The checkout's prepack builds the bundle; yaml's own scripts are not run (its tarball is as published).
  const pack = (cwd: string, scripts: boolean) =>
    execFileSync('npm', ['pack', '--silent', `--ignore-scripts=${!scripts}`, '--pack-destination', work], {
      cwd,
      env,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop() as string;
  const tarballs = [pack(ROOT, true), pack(path.join(ROOT, 'node_modules/yaml'), false)].map((name) =>
    path.join(work, name),
  );
  const prefix = path.join(work, 'prefix');
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: prefix,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return prefix;
}
