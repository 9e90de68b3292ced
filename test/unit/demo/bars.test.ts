import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apportion, splitBar } from '../../../src/demo/bars.ts';
import { stripAnsi } from '../../../src/cli/render/ansi.ts';

test('apportion gives whole cells that add up to the rounded total', () => {
  const table: Array<[number[], number, number[]]> = [
    [[0.8, 0.2], 10, [8, 2]],
    [[0.5, 0.5], 5, [3, 2]],
    [[1 / 3, 1 / 3, 1 / 3], 10, [4, 3, 3]],
    [[0.79, 0.21], 30, [24, 6]],
    [[0, 1], 4, [0, 4]],
    [[0.25], 8, [2]],
  ];
  for (const [shares, width, expected] of table)
    assert.deepEqual(apportion(shares, width), expected, `${shares} over ${width}`);
});

test('a split bar without colours tells the parts apart by glyph and fills the rest with empty cells', () => {
  assert.equal(
    splitBar(
      [
        { color: 'red', share: 0.8 },
        { color: 'blue', share: 0.2 },
      ],
      10,
      false,
    ),
    '████████▓▓',
  );
  assert.equal(splitBar([{ color: 'red', share: 0.5 }], 6, false), '███░░░');
  assert.equal(splitBar([], 3, false), '░░░');
});

test('with colours each part is painted in its color and the visible bar is the same width', () => {
  const bar = splitBar(
    [
      { color: 'red', share: 0.8 },
      { color: 'blue', share: 0.2 },
    ],
    10,
    true,
  );
  assert.equal(stripAnsi(bar), '██████████');
  assert.match(bar, /\x1b\[31m█{8}\x1b\[0m\x1b\[94m█{2}\x1b\[0m/);
});
