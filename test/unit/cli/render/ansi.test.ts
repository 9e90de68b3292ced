// Measuring, padding and cutting text with colours; aligning columns; deciding on colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padVisible, paint, stripAnsi, truncateVisible, visibleWidth } from '../../../../src/cli/render/ansi.ts';
import { alignColumns } from '../../../../src/cli/render/columns.ts';
import { colourWanted } from '../../../../src/cli/render/terminal.ts';

test('paint adds a colour only when enabled and given', () => {
  assert.equal(paint('ok', 'green', true), '\x1b[32mok\x1b[0m');
  assert.equal(paint('ok', 'green', false), 'ok');
  assert.equal(paint('ok', undefined, true), 'ok');
});

test('visible width counts code points and ignores escape codes', () => {
  assert.equal(visibleWidth(`${paint('✔', 'green', true)} Healthy`), 9);
  assert.equal(visibleWidth('└──⧉ rs'), 7);
  assert.equal(padVisible(paint('ab', 'red', true), 4), '\x1b[31mab\x1b[0m  ');
});

test('truncation keeps escape codes whole and closes an open colour', () => {
  const text = `ab${paint('cdef', 'yellow', true)}gh`;
  assert.equal(truncateVisible(text, 4), 'ab\x1b[33mcd\x1b[0m');
  assert.equal(truncateVisible(text, 6), 'ab\x1b[33mcdef\x1b[0m');
  assert.equal(truncateVisible(text, 100), text);
  assert.equal(stripAnsi(truncateVisible('├──⧉ colorapi', 5)), '├──⧉ ');
});

test('columns are as wide as their widest cell plus two; the last cell is not padded', () => {
  assert.deepEqual(
    alignColumns([
      ['a', 'bb', 'c'],
      [paint('ccc', 'red', true), 'd', ''],
    ]),
    ['a    bb  c', '\x1b[31mccc\x1b[0m  d'],
  );
  assert.deepEqual(alignColumns([['a', 'b']], { minWidths: [4] }), ['a     b']);
});

test('colour: on for a terminal, off for --no-color, NO_COLOR, TERM=dumb or a pipe; FORCE_COLOR for a pipe', () => {
  const tty = { isTTY: true } as NodeJS.WritableStream & { isTTY: boolean };
  const pipe = {} as NodeJS.WritableStream;
  assert.equal(colourWanted(tty, false, {}), true);
  assert.equal(colourWanted(tty, true, {}), false);
  assert.equal(colourWanted(tty, false, { NO_COLOR: '1' }), false);
  assert.equal(colourWanted(tty, false, { TERM: 'dumb' }), false);
  assert.equal(colourWanted(pipe, false, {}), false);
  assert.equal(colourWanted(pipe, false, { FORCE_COLOR: '1' }), true);
  assert.equal(colourWanted(pipe, false, { FORCE_COLOR: '0' }), false);
});
