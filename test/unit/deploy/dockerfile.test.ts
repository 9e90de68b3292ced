// The Dockerfile cannot be built in this suite (no container engine); these checks read it:
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
  assert.equal(dockerfile[0]?.keyword, 'FROM');
});

test('the image starts from Node 24 slim and installs runtime dependencies from the lock file', () => {
  assert.deepEqual(
    all('FROM').map((i) => i.args),
    ['node:24-slim'],
  );
  assert.ok(all('RUN').some((i) => /\bnpm ci\b.*--omit=dev/.test(i.args)));
  assert.ok(all('WORKDIR').length === 1);
});

test('what the Dockerfile copies exists in the repository', () => {
  const copies = all('COPY');
  assert.ok(copies.length >= 3);
  for (const copy of copies) {
    const parts = copy.args.split(/\s+/).filter((part) => !part.startsWith('--'));
    for (const source of parts.slice(0, -1)) assert.ok(existsSync(path.join(repoRoot, source)), `COPY ${source}`);
  }
  const copied = copies.flatMap((c) => c.args.split(/\s+/).slice(0, -1));
  for (const needed of ['package.json', 'package-lock.json', 'src/', 'bin/'])
    assert.ok(copied.includes(needed), needed);
});

test('the entrypoint runs the CLI, which exists', () => {
  const [entrypoint] = all('ENTRYPOINT');
  assert.ok(entrypoint);
  const command = JSON.parse(entrypoint.args) as string[];
  assert.deepEqual(command, ['node', 'src/cli/main.ts']);
  assert.ok(existsSync(path.join(repoRoot, 'src/cli/main.ts')));
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
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Json;
  const runtime = new Set(Object.keys(packageJson.dependencies ?? {}));
  const imported = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
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
