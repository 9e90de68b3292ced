// These checks read the Dockerfile (test/integration/deploy/image.test.ts builds and runs it):
// its instructions, the files it copies, the user it runs as, and the command it starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { findObject, repoRoot, type Json } from './support/deploy-files.ts';

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions: comments dropped, continuation lines joined. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([A-Za-z]+)\s+(.*)$/.exec(line);
      if (!match) throw new Error(`not an instruction: ${line}`);
      return { keyword: (match[1] as string).toUpperCase(), args: (match[2] as string).trim() };
    });
}

const dockerfile = instructions(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const all = (keyword: string) => dockerfile.filter((i) => i.keyword === keyword);

test('every instruction is one Docker knows', () => {
  const known = new Set([
    'FROM',
    'WORKDIR',
    'ENV',
    'COPY',
    'RUN',
    'USER',
    'EXPOSE',
    'ENTRYPOINT',
    'CMD',
    'LABEL',
    'ARG',
  ]);
  assert.deepEqual(
    dockerfile.filter((i) => !known.has(i.keyword)),
    [],
  );
  assert.equal(dockerfile.find((i) => i.keyword !== 'ARG')?.keyword, 'FROM');
});

test('the base is a build argument, Node 24 slim by default, and the bundle needs no npm install', () => {
  const [base] = all('ARG');
  assert.equal(base?.args, 'BASE=docker.io/library/node:24-slim');
  assert.deepEqual(
    all('FROM').map((i) => i.args),
    ['${BASE}'],
  );
  assert.deepEqual(all('RUN'), [], 'no RUN: the image builds on a base without a shell or npm');
  assert.ok(all('WORKDIR').length === 1);
});

test('it copies package.json, the CLI bundle and the web UI, and the build script makes both first', () => {
  const copied = all('COPY').map((c) => c.args.split(/\s+/).slice(0, -1));
  assert.deepEqual(copied, [['package.json'], ['dist/cli/current/'], ['dist/dashboard/']]);
  assert.ok(existsSync(path.join(repoRoot, 'package.json')));
  const build = readFileSync(path.join(repoRoot, 'deploy/image/build.sh'), 'utf8');
  assert.match(build, /node scripts\/build-cli\.ts/);
  assert.match(build, /node scripts\/build-dashboard\.ts/);
  const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
  assert.ok(!ignored.some((line) => /^\/?dist\/?$/.test(line.trim())), '.dockerignore must not leave out dist/');
});

test('the entrypoint runs the bundled CLI, which scripts/build-cli.ts writes', () => {
  const [entrypoint] = all('ENTRYPOINT');
  assert.ok(entrypoint);
  const command = JSON.parse(entrypoint.args) as string[];
  assert.deepEqual(command, ['node', '/app/dist/cli/current/main.js']);
  assert.match(readFileSync(path.join(repoRoot, 'scripts/build-cli.ts'), 'utf8'), /main\.js/);
});

test('it runs as the non-root user the Deployment expects', () => {
  const [user] = all('USER');
  assert.ok(user);
  const [uid, gid] = user.args.split(':').map(Number);
  assert.ok(
    Number.isInteger(uid) && (uid as number) > 0,
    'a numeric, non-root user (Kubernetes checks runAsNonRoot by number)',
  );
  const pod = findObject('deploy/controller/deployment.yaml', 'Deployment', 'sluice-controller').spec.template
    .spec as Json;
  assert.equal(pod.securityContext.runAsUser, uid);
  assert.equal(pod.securityContext.runAsGroup, gid);
  assert.ok(all('EXPOSE')[0]?.args.split(/\s+/).includes('8090'));
});

test('every package the sources import is a runtime dependency (dev dependencies are not in the image)', () => {
  // The web UI's sources are bundled into dist/dashboard/ at build time (preact with them).
  const bundledAtBuild = path.join(repoRoot, 'src/dashboard/web');
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Json;
  const runtime = new Set(Object.keys(packageJson.dependencies ?? {}));
  const imported = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== bundledAtBuild) walk(full);
      } else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(full, 'utf8').matchAll(
          /(?:^|[\s;}])(?:from\s+|import\s*\(\s*|import\s+)'([^'.][^']*)'/gm,
        )) {
          const specifier = match[1] as string;
          if (specifier.startsWith('node:') || specifier.includes('$')) continue;
          imported.add(
            specifier.startsWith('@')
              ? specifier.split('/').slice(0, 2).join('/')
              : (specifier.split('/')[0] as string),
          );
        }
      }
    }
  };
  walk(path.join(repoRoot, 'src'));
  assert.ok(imported.has('yaml'));
  assert.deepEqual(
    [...imported].filter((name) => !runtime.has(name)),
    [],
  );
});
