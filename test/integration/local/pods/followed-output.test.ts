// A container's output through a file: what a child writes to the descriptor it was given reaches
// the callback as it is written and all of it by close(); a follower started later reads from the
// end, and lastLines gives the whole lines at the end of the file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { FollowedOutput } from '../../../../src/runtime/local/pods/followed-output.ts';
import { eventually } from './wait.ts';

describe('FollowedOutput', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-output-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on what a child writes, as it writes it, and the rest at close', async () => {
    const file = path.join(dir, 'web.stdout');
    writeFileSync(file, 'written before\n');
    let text = '';
    const output = new FollowedOutput(file, (chunk) => (text += chunk));
    const fd = output.openForChild();
    const child = spawn(process.execPath, ['-e', `process.stdout.write('first ✓\\n'); process.stdin.once('data', () => process.stdout.write('second\\n', () => process.exit(0)))`], { stdio: ['pipe', fd, 'inherit'] });
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
});
