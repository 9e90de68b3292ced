import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStat } from '../../../../src/platform/process/process-identity.ts';

// Fields after the command: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
// utime stime cutime cstime priority nice num_threads itrealvalue starttime ...
const rest = (state: string, pgrp: number, start: number) =>
  `${state} 1 ${pgrp} ${pgrp} 0 -1 4194560 100 0 0 0 5 2 0 0 20 0 7 0 ${start} 1000 200 18446744073709551615`;

describe('parseStat', () => {
  const cases: Array<[string, string, ReturnType<typeof parseStat>]> = [
    [
      'a plain command',
      `4242 (node) ${rest('S', 4242, 987654)}`,
      { state: 'S', processGroup: 4242, startTicks: '987654' },
    ],
    [
      'a command with spaces and parentheses',
      `77 (my (odd) prog) ${rest('R', 70, 5)}`,
      { state: 'R', processGroup: 70, startTicks: '5' },
    ],
    ['a zombie', `9 (sh) ${rest('Z', 9, 12)}`, { state: 'Z', processGroup: 9, startTicks: '12' }],
    ['no command at all', '9 sh S', undefined],
    ['a line cut short', '9 (sh) S 1 9', undefined],
  ];
  for (const [name, line, expected] of cases) {
    it(name, () => assert.deepEqual(parseStat(line), expected));
  }
});
