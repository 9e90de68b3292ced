// `get rollout` output for canary and blue-green rollouts at several states, with and without colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRolloutTree } from '../../../../src/cli/render/rollout-tree.ts';
import { stripAnsi } from '../../../../src/cli/render/ansi.ts';
import { rolloutView } from '../../../../src/view/rollout-view.ts';
import { scenarios } from '../../view/fixtures/scenarios.ts';
import { canaryCrashLooping, canaryPaused } from '../../view/fixtures/canary-scenarios.ts';
import { assertGolden, readGolden } from './golden.ts';
import { goldenCases } from './golden-cases.ts';

function render(name: string): string {
  const renderCase = goldenCases[name];
  if (!renderCase) throw new Error(`no golden case ${name}`);
  return renderCase();
}

for (const name of Object.keys(scenarios)) {
  test(`get rollout: ${name}`, () => {
    assertGolden(`${name}.txt`, render(`${name}.txt`));
  });
  test(`get rollout: ${name}, in colour`, () => {
    const coloured = render(`${name}.color.txt`);
    assertGolden(`${name}.color.txt`, coloured);
    assert.notEqual(coloured, stripAnsi(coloured), 'colour output carries ANSI codes');
  });
}

test('colour changes nothing but the escape codes', () => {
  for (const build of Object.values(scenarios)) {
    const view = rolloutView(build());
    assert.equal(stripAnsi(renderRolloutTree(view, { color: true })), renderRolloutTree(view, { color: false }));
  }
});

test('without colour there is no escape code at all', () => {
  for (const build of Object.values(scenarios)) {
    assert.doesNotMatch(renderRolloutTree(rolloutView(build()), { color: false }), /\x1b/);
  }
});

test('a changed field changes the output (the goldens can fail)', () => {
  const input = canaryCrashLooping();
  const crashing = input.pods.find((pod) => pod.metadata.name?.endsWith('k9d2s'));
  const status = crashing?.status?.containerStatuses?.[0];
  assert.ok(status);
  status.restartCount = 6;
  const output = renderRolloutTree(rolloutView(input), { color: false });
  assert.notEqual(output, readGolden('canary-crashloop.txt'));
  assert.match(output, /restarts:6/);

  const paused = canaryPaused();
  paused.now += 60_000;
  assert.notEqual(renderRolloutTree(rolloutView(paused), { color: false }), readGolden('canary-paused-step1.txt'));
});

test('a width cuts every line to that many columns', () => {
  const view = rolloutView(canaryPaused());
  for (const color of [false, true]) {
    const lines = renderRolloutTree(view, { color, width: 40 }).trimEnd().split('\n');
    for (const line of lines) assert.ok([...stripAnsi(line)].length <= 40, line);
  }
  // A cut inside a coloured name still closes the colour.
  assert.match(renderRolloutTree(view, { color: true, width: 12 }), /^│  ├──⧉ \x1b\[33mcolo\x1b\[0m$/m);
});
