// `get analysisrun NAME` output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripAnsi } from '../../../../src/cli/render/ansi.ts';
import { assertGolden } from './golden.ts';
import { goldenCases } from './golden-cases.ts';

for (const name of ['analysisrun-failed', 'analysisrun-running', 'analysisrun-job']) {
  test(`get analysisrun: ${name}`, () => {
    const plain = goldenCases[`${name}.txt`]?.() ?? '';
    const coloured = goldenCases[`${name}.color.txt`]?.() ?? '';
    assertGolden(`${name}.txt`, plain);
    assertGolden(`${name}.color.txt`, coloured);
    assert.equal(stripAnsi(coloured), plain);
  });
}
