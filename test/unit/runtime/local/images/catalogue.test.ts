import { test } from 'node:test';
import assert from 'node:assert/strict';
import process from 'node:process';
import {
  builtInCatalogue,
  findImage,
  mergeCatalogues,
  repositoryName,
} from '../../../../../src/runtime/local/images/catalogue.ts';
import { parseCatalogue } from '../../../../../src/runtime/local/images/load-catalogue.ts';

test('built-in entries run the colorapi with node for each release and alias', () => {
  const catalogue = builtInCatalogue();
  for (const image of ['particule/simplecolorapi:1.0', 'particule/simplecolorapi:3.0', 'sluice/colorapi:2.0']) {
    const entry = findImage(catalogue, image);
    assert.equal(entry?.command?.[0], process.execPath);
    assert.match(entry?.command?.[1] ?? '', /src\/apps\/colorapi\/server\.ts$/);
    assert.deepEqual(entry?.args, ['--version', image.split(':')[1]]);
  }
  assert.equal(findImage(catalogue, 'particule/simplecolorapi:4.0'), undefined);
});

const names: Array<[string, string]> = [
  ['app', 'app'],
  ['team/app:1.2', 'team/app'],
  ['registry:5000/team/app', 'registry:5000/team/app'],
  ['registry:5000/team/app:2@sha256:abc', 'registry:5000/team/app'],
];
for (const [reference, expected] of names) {
  test(`repositoryName(${reference})`, () => assert.equal(repositoryName(reference), expected));
}

test('a catalogue file: entries, env as map or list, relative workingDir, and overriding built-ins', () => {
  const text = [
    'particule/simplecolorapi:1.0:',
    '  command: [./my-colorapi]',
    'team/web:',
    '  command: ["/usr/bin/web"]',
    '  args: ["--port", "$(PORT)"]',
    '  env: { LEVEL: debug, RETRIES: 3 }',
    '  workingDir: sub',
    'team/job:1:',
    '  args: [/bin/job]',
    '  env:',
    '    - name: A',
    '      value: b',
  ].join('\n');
  const parsed = parseCatalogue(text, '/srv/demo/images.yaml');
  assert.deepEqual(findImage(parsed, 'team/web:7'), {
    workingDir: '/srv/demo/sub',
    command: ['/usr/bin/web'],
    args: ['--port', '$(PORT)'],
    env: { LEVEL: 'debug', RETRIES: '3' },
  });
  assert.deepEqual(findImage(parsed, 'team/job:1')?.env, { A: 'b' });
  const merged = mergeCatalogues(builtInCatalogue(), parsed);
  assert.deepEqual(findImage(merged, 'particule/simplecolorapi:1.0')?.command, ['./my-colorapi']);
  assert.equal(findImage(merged, 'particule/simplecolorapi:2.0')?.command?.[0], process.execPath);
});

const errors: Array<[string, string, RegExp]> = [
  [
    'unknown field',
    'a:1:\n  command: [x]\n  entrypoint: [y]\n',
    /^images\.yaml:3: a:1\.entrypoint: unknown field; allowed: command, args, env, workingDir$/,
  ],
  ['command not a list', 'a:1:\n  command: run-me\n', /^images\.yaml:2: a:1\.command: expected a list of strings$/],
  ['no command', 'a:1:\n  env: { A: b }\n', /^images\.yaml:1: a:1: needs a command/],
  ['not a mapping', '- a\n- b\n', /^images\.yaml:1: \(top level\): expected a mapping/],
  ['bad YAML', 'a: [\n', /^images\.yaml:\d+: not valid YAML/],
];
for (const [name, text, expected] of errors) {
  test(`catalogue error: ${name}`, () =>
    assert.throws(() => parseCatalogue(text, 'images.yaml'), { name: 'CatalogueError', message: expected }));
}
