// `list rollouts` output, and `status` lines, for the shared scenarios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRolloutList } from '../../../../src/cli/render/rollout-list.ts';
import { rolloutListRow } from '../../../../src/view/list-row.ts';
import { scenarios } from '../../view/fixtures/scenarios.ts';
import { assertGolden } from './golden.ts';
import { goldenCases } from './golden-cases.ts';

const rollouts = Object.values(scenarios).map((build) => build().rollout);

for (const name of ['list-rollouts.txt', 'list-rollouts-all-namespaces.txt']) {
  test(`list rollouts: ${name}`, () => {
    assertGolden(name, goldenCases[name]?.() ?? '');
  });
}

test('-A adds the NAMESPACE column first', () => {
  assert.match(goldenCases['list-rollouts-all-namespaces.txt']?.() ?? '', /^NAMESPACE {6}NAME {8}STRATEGY/);
});

test('rows printed one at a time (list -w) line up with the header', () => {
  const rows = rollouts.map(rolloutListRow);
  const header = renderRolloutList([], { header: true }).trimEnd();
  const first = rows[0];
  assert.ok(first);
  const alone = renderRolloutList([first], { header: false }).trimEnd();
  for (const column of ['STRATEGY', 'STATUS', 'STEP', 'SET-WEIGHT']) {
    const at = header.indexOf(column);
    assert.notEqual(alone[at - 1], undefined);
    assert.equal(alone[at - 1], ' ', `column ${column} starts at ${at} in the row too`);
    assert.notEqual(alone[at], ' ');
  }
});

test('no rows and no header gives nothing', () => {
  assert.equal(renderRolloutList([], { header: false }), '');
});
