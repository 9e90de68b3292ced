import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputTail } from '../../../../src/platform/process/output-tail.ts';

test('keeps the last lines, joining chunks split mid-line', () => {
  const tail = new OutputTail(3);
  tail.write('one\ntw');
  tail.write('o\r\nthree\nfour\nfi');
  assert.deepEqual(tail.lines(), ['three', 'four', 'fi']);
  tail.write('ve\n');
  assert.deepEqual(tail.lines(), ['three', 'four', 'five']);
});

test('a very long line without newline is cut so memory stays bounded', () => {
  const tail = new OutputTail(2);
  tail.write('x'.repeat(10_000));
  assert.equal(tail.lines().length, 1);
  assert.equal(tail.lines()[0]?.length, 10_000);
  tail.write('y');
  assert.deepEqual(
    tail.lines().map((line) => line.length),
    [10_000, 1],
  );
});

test('clear forgets everything', () => {
  const tail = new OutputTail();
  tail.write('a\nb');
  tail.clear();
  assert.deepEqual(tail.lines(), []);
});
