// The npm package as a user gets it: `npm pack` (its prepack builds the CLI bundle into the
// tarball), `npm install` of the tarball into a fresh prefix with no registry (npm-install.ts), then the installed
// `sluice` run from that folder made read-only. It must run the packed bundle, print nothing on
// standard error and write nothing into the install. Read-only permissions do not stop root (the
// tests may run as root), so a listing of the folder (names, sizes, modification times) taken
// before is compared with one taken after.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../support/ports.ts';
import { neutralEnv, ROOT, withTestNode } from '../cli/cli-process.ts';
import { packAndInstall } from './npm-install.ts';

const npmFound = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;
const esbuildInstalled = existsSync(path.join(ROOT, 'node_modules/esbuild/package.json'));
const missing = !npmFound
  ? 'npm is not on PATH'
  : !esbuildInstalled
    ? 'esbuild is not installed (npm install with the dev dependencies): prepack cannot bundle the CLI'
    : undefined;
const skip = missing && process.env['CI'] !== 'true' ? missing : false;

/** Every entry under dir with its size and modification time, sorted. */
function listing(dir: string): string[] {
  const lines: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const entry = path.join(folder, name);
      const stat = lstatSync(entry);
      lines.push(`${path.relative(dir, entry)} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory()) walk(entry);
    }
  };
  walk(dir);
  return lines.sort();
}

function setWritable(dir: string, writable: boolean): void {
  const walk = (entry: string): void => {
    const stat = lstatSync(entry);
    if (stat.isSymbolicLink()) return;
    chmodSync(entry, writable ? stat.mode | 0o200 : stat.mode & ~0o222);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) walk(path.join(entry, name));
  };
  walk(dir);
}

describe('the npm package', { skip, timeout: 180_000 }, () => {
  let work = '';
  let prefix = '';
  let home = '';
  let listedBefore: string[] = [];
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const sluiceBin = () => path.join(prefix, 'node_modules/.bin/sluice');
  // A user with an empty cache: nothing kept from earlier runs.
  const userEnv = () => withTestNode(neutralEnv({ HOME: home, XDG_CACHE_HOME: '', SLUICE_CACHE_DIR: '' }));
  function installed(args: string[]) {
    return spawnSync(sluiceBin(), args, { cwd: ROOT, encoding: 'utf8', env: userEnv() });
  }

  before(() => {
    assert.ok(!missing, `${missing}`);
    work = mkdtempSync(path.join(os.tmpdir(), 'sluice-npm-pack-'));
    home = path.join(work, 'home');
    mkdirSync(home);
    prefix = packAndInstall(work, withTestNode(process.env));
    setWritable(prefix, false);
    listedBefore = listing(prefix);
  });

  after(() => {
    if (!work) return;
    setWritable(work, true);
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the built bundle and none of the sources it does not read', () => {
    const pkg = path.join(prefix, 'node_modules/sluice');
    assert.ok(existsSync(path.join(pkg, 'dist/cli/packed/main.js')), 'dist/cli/packed/main.js is in the package');
    for (const absent of ['src/cli/main.ts', 'test', 'node_modules', 'package-lock.json'])
      assert.ok(!existsSync(path.join(pkg, absent)), `${absent} is not in the package`);
  });

  it('runs `sluice version` from the read-only install: exit 0, the version, nothing on stderr, nothing written', () => {
    for (const round of ['first run', 'second run']) {
      const result = installed(['version', '--short']);
      assert.deepEqual(
        [result.status, result.stdout, result.stderr],
        [0, `sluice: v${version}\n`, ''],
        `${round}: ${result.stderr}`,
      );
    }
    assert.deepEqual(listing(prefix), listedBefore, 'the install folder is unchanged');
  });

  it('lints an example from the read-only install', () => {
    const result = installed(['lint', '-f', path.join(ROOT, 'examples/canary-basic')]);
    assert.deepEqual([result.status, result.stderr], [0, ''], result.stderr);
    assert.match(result.stdout, /^ok: \d+ objects/);
    const invalid = installed(['lint', '-f', path.join(ROOT, 'examples/invalid')]);
    assert.notEqual(invalid.status, 0, `lint of examples/invalid: ${invalid.stdout}`);
    assert.deepEqual(listing(prefix), listedBefore, 'the install folder is unchanged');
  });

  it('runs the demo manifests locally: the built-in colorapi pods start from the package', async () => {
    const stateDir = path.join(work, 'state');
    const manifests = path.join(prefix, 'node_modules/sluice/src/demo/manifests');
    const child = spawn(sluiceBin(), ['run', '-f', manifests, '--state-dir', stateDir], {
      cwd: work,
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(
        'the demo rollout to be Healthy with its pods ready',
        async () => {
          if (child.exitCode !== null) throw new Error(`sluice run exited ${child.exitCode}:\n${output}`);
          const got = installed(['get', 'rollout', 'colorapi', '--state-dir', stateDir, '-o', 'json']);
          if (got.status !== 0) return undefined;
          const rollout = JSON.parse(got.stdout) as { status?: { phase?: string; readyReplicas?: number } };
          return rollout.status?.phase === 'Healthy' && (rollout.status.readyReplicas ?? 0) > 0 ? true : undefined;
        },
        60_000,
        250,
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    assert.doesNotMatch(output, /ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING|Error:/);
    assert.deepEqual(listing(prefix), listedBefore, 'the install folder is unchanged');
  });

  it('runs a job metric locally: the job wrapper starts from the package', () => {
    const template = path.join(ROOT, 'test/integration/local/runtime/fixtures/canary-analysis/template.yaml');
    const passed = installed(['analyze', '-f', template, '--arg', 'code=0']);
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout + passed.stderr, /AnalysisRun exit-code-analyze: Successful/);
    const failed = installed(['analyze', '-f', template, '--arg', 'code=3']);
    assert.match(failed.stdout + failed.stderr, /AnalysisRun exit-code-analyze: Failed[\s\S]*exited with code 3/);
    assert.deepEqual(listing(prefix), listedBefore, 'the install folder is unchanged');
  });
});
