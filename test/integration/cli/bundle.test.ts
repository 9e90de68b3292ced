// bin/sluice runs the bundle of the CLI (scripts/build-cli.ts) and keeps it current: built when
// missing, rebuilt when a source is newer, the sources run when esbuild is not installed or the
// build fails. Checked in a copy of the checkout, so editing sources here touches nothing real.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXIT_CODE_TEMPLATE_FILE, temporaryDir } from '../local/runtime/sluice-run.ts';
import { neutralEnv, ROOT, type CliResult, withTestNode } from './cli-process.ts';

const esbuildInstalled = existsSync(path.join(ROOT, 'node_modules/esbuild/package.json'));
const skip =
  esbuildInstalled || process.env['CI'] === 'true'
    ? false
    : 'esbuild is not installed (npm install with the dev dependencies)';
const VERSION_SOURCE = 'src/cli/version/command.ts';

function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawn(path.join(root, 'bin/sluice'), args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: withTestNode(neutralEnv(env)),
  });
  const result: CliResult = { code: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (result.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (result.stderr += text));
  return new Promise((resolve) => child.once('close', (code) => resolve({ ...result, code })));
}

/** A copy of what bin/sluice needs, with its own package.json version; node_modules as given. */
function copyCheckout(nodeModules: 'all' | 'without esbuild'): string {
  const copy = temporaryDir('checkout');
  for (const entry of ['src', 'bin', 'scripts/build-cli.ts', 'scripts/ensure-node.sh', 'package-lock.json'])
    cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ ...manifest, version: '9.9.9-copy' }));
  if (nodeModules === 'all') {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  } else {
    mkdirSync(path.join(copy, 'node_modules'));
    symlinkSync(path.join(ROOT, 'node_modules/yaml'), path.join(copy, 'node_modules/yaml'));
  }
  return copy;
}

function currentBuild(root: string): string | undefined {
  const link = path.join(root, 'dist/cli/current');
  return existsSync(link) ? readlinkSync(link) : undefined;
}

function editSource(root: string, file: string, edit: (text: string) => string): void {
  const target = path.join(root, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
}

describe('bin/sluice and the bundle', { skip }, () => {
  let copy = '';
  before(() => {
    assert.ok(esbuildInstalled, 'esbuild is not installed: npm ci installs it with the dev dependencies');
    copy = copyCheckout('all');
  });

  it('builds the bundle on the first run, reuses it while no source changes, rebuilds it when one does', async () => {
    const first = await run(copy, ['version', '--short']);
    assert.deepEqual([first.code, first.stdout, first.stderr], [0, 'sluice: v9.9.9-copy\n', '']);
    const built = currentBuild(copy);
    assert.ok(built && existsSync(path.join(copy, 'dist/cli', built, 'main.js')), `dist/cli/current -> ${built}`);

    const again = await run(copy, ['version', '--short']);
    assert.equal(again.stdout, 'sluice: v9.9.9-copy\n');
    assert.equal(currentBuild(copy), built, 'no source changed: the same build');

    editSource(copy, VERSION_SOURCE, (text) =>
      text.replace('`sluice: ${sluiceVersion()}`', '`sluice (edited): ${sluiceVersion()}`'),
    );
    const edited = await run(copy, ['version', '--short']);
    assert.deepEqual([edited.code, edited.stdout], [0, 'sluice (edited): v9.9.9-copy\n']);
    assert.notEqual(currentBuild(copy), built, 'a source changed: a new build');
  });

  it('parallel first runs each build or reuse a whole bundle, and all succeed', async () => {
    rmSync(path.join(copy, 'dist'), { recursive: true, force: true });
    const results = await Promise.all([1, 2, 3, 4].map(() => run(copy, ['version', '--short'])));
    for (const result of results) assert.deepEqual([result.code, result.stderr], [0, ''], result.stdout);
    const builds = readdirSync(path.join(copy, 'dist/cli')).filter(
      (name) => !name.startsWith('.') && name !== 'current',
    );
    assert.ok(builds.length >= 1 && builds.length <= 4, builds.join(', '));
    assert.ok(existsSync(path.join(copy, 'dist/cli/current/main.js')));
  });

  it('runs the sources, never the outdated bundle, when the build fails', async () => {
    const broken = copyCheckout('all');
    assert.equal((await run(broken, ['version', '--short'])).code, 0);
    editSource(broken, VERSION_SOURCE, (text) => `${text}\nexport const broken = (;\n`);
    const result = await run(broken, ['version', '--short']);
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, '', 'the outdated bundle did not run');
    assert.match(result.stderr, /command\.ts/);
  });

  it('runs the sources when esbuild is not installed, and builds nothing', async () => {
    const production = copyCheckout('without esbuild');
    const result = await run(production, ['version', '--short']);
    assert.deepEqual([result.code, result.stdout, result.stderr], [0, 'sluice: v9.9.9-copy\n', '']);
    assert.equal(existsSync(path.join(production, 'dist')), false);
  });

  it('SLUICE_FROM_SOURCES=1 runs the sources', async () => {
    editSource(copy, VERSION_SOURCE, (text) =>
      text.replace('`sluice (edited): ${sluiceVersion()}`', '`sluice (sources): ${sluiceVersion()}`'),
    );
    const result = await run(copy, ['version', '--short'], { SLUICE_FROM_SOURCES: '1' });
    assert.deepEqual([result.code, result.stdout], [0, 'sluice (sources): v9.9.9-copy\n']);
  });
});

describe('the bundle finds the files its sources locate next to themselves', { skip }, () => {
  it('every location rewritten in the bundle is an existing file of the checkout', async () => {
    assert.equal((await run(ROOT, ['version', '--short'])).code, 0);
    const dir = fileURLToPath(new URL('../../../dist/cli/current/', import.meta.url));
    const locations = new Set<string>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
      for (const match of readFileSync(path.join(dir, file), 'utf8').matchAll(
        /new URL\("((?:\.\.\/)+src\/[^"]+)", import\.meta\.url\)/g,
      ))
        locations.add(match[1] ?? '');
    }
    assert.ok(locations.size >= 4, [...locations].join(', '));
    for (const location of locations) assert.ok(existsSync(path.join(dir, location)), `${location} from ${dir}`);
  });

  it('sluice analyze runs a job through the job wrapper next to its runner', async () => {
    const template = EXIT_CODE_TEMPLATE_FILE;
    const passed = await run(ROOT, ['analyze', '-f', template, '--arg', 'code=0']);
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout, /job-exit {2}Successful/);
    const failed = await run(ROOT, ['analyze', '-f', template, '--arg', 'code=3']);
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /job-exit {2}Failed/);
  });
});
