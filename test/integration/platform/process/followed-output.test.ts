// A container's output through a file: what a child writes to the descriptor it was given reaches
// the callback as it is written and all of it by close(); a follower started later reads from the
// end, and lastLines gives the whole lines at the end of the file; past its size limit the file
// starts again from empty.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { FollowedOutput } from '../../../../src/platform/process/followed-output.ts';
import { eventually } from '../../local/pods/wait.ts';

describe('FollowedOutput', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-output-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on what a child writes, as it writes it, and the rest at close', async () => {
    const file = path.join(dir, 'web.stdout');
    writeFileSync(file, 'written before\n');
    let text = '';
    const output = new FollowedOutput(file, (chunk) => (text += chunk));
    const fd = output.openForChild();
    const child = spawn(
      process.execPath,
      [
        '-e',
        `process.stdout.write('first ✓\\n'); process.stdin.once('data', () => process.stdout.write('second\\n', () => process.exit(0)))`,
      ],
      { stdio: ['pipe', fd, 'inherit'] },
    );
    closeSync(fd);
    await eventually('the first line', () => text === 'first ✓\n');
    child.stdin!.write('go');
    await once(child, 'exit');
    output.close();
    assert.equal(text, 'first ✓\nsecond\n');
  });

  it('gives the whole last lines of a file, for an adopted container', () => {
    const file = path.join(dir, 'web.stderr');
    writeFileSync(file, `${'x'.repeat(50)}\nline one\nline two\n`);
    const output = new FollowedOutput(file, () => undefined);
    assert.equal(output.lastLines(20), 'line one\nline two\n');
    assert.equal(output.lastLines(1000), `${'x'.repeat(50)}\nline one\nline two\n`);
    output.close();
  });

  it('starts the file again from empty once it is past its size limit, the writer going on at the new end', async () => {
    const file = path.join(dir, 'chatty.stdout');
    writeFileSync(file, '');
    const lines: string[] = [];
    let partial = '';
    const output = new FollowedOutput(
      file,
      (chunk) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        lines.push(...parts);
      },
      { maxBytes: 1000 },
    );
    const fd = output.openForChild();
    const child = spawn(
      process.execPath,
      [
        '-e',
        `let i = 0; const next = () => { if (i === 60) return process.stdin.once('data', () => process.exit(0)); process.stdout.write('line ' + (i++) + ' ' + 'x'.repeat(80) + '\\n', () => setTimeout(next, 2)); }; next();`,
      ],
      { stdio: ['pipe', fd, 'inherit'] },
    );
    closeSync(fd);
    await eventually('the last line', () => lines.some((line) => line.startsWith('line 59 ')));
    child.stdin!.write('done');
    await once(child, 'exit');
    output.close();
    // In order, each whole, none twice; a line written just between a read and the truncation may
    // be lost, as in a log rotation.
    const numbers = lines.map((line) => Number(/^line (\d+) x{80}$/.exec(line)?.[1]));
    assert.ok(
      numbers.every((n, i) => Number.isInteger(n) && (i === 0 || n > numbers[i - 1]!)),
      numbers.join(' '),
    );
    assert.ok(numbers.length >= 55, `at most a few lines lost: ${numbers.join(' ')}`);
    assert.ok(statSync(file).size < 1000 + 100, `the file stays near its limit: ${statSync(file).size} bytes`);
  });
});
