// bin/sluice starts node with the V8 flags of the local runtime (a small young generation, which
// keeps the mesh proxy's memory down) for `sluice run` only, in the one node process it execs; any
// other command starts node without them. Read from the processes' command lines (/proc).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { liveRuntime } from '../../../src/runtime/local/api/state-files.ts';
import { waitFor } from '../../support/ports.ts';
import { temporaryDir } from '../local/runtime/sluice-run.ts';
import { neutralEnv, SLUICE, withTestNode } from './cli-process.ts';

const RUN_FLAG = '--max-semi-space-size=4';
const skip = existsSync('/proc/self/cmdline') ? false : 'no /proc to read command lines from';

/** The arguments the process runs with (after bin/sluice exec'd node: node's). */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

describe('the node flags bin/sluice starts a command with', { skip, timeout: 120_000 }, () => {
  const children: ChildProcess[] = [];
  const start = (args: string[]) => {
    const child = spawn(SLUICE, args, { stdio: 'ignore', env: withTestNode(neutralEnv()) });
    children.push(child);
    return child;
  };

  after(() => {
    for (const child of children.reverse())
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('sluice run gets the runtime flags; a command beside it (list rollouts -w) does not', async () => {
    const stateDir = temporaryDir('node-flags-state');
    const manifests = temporaryDir('node-flags-manifests');
    // Something to run: a Service (no pod to start).
    writeFileSync(
      path.join(manifests, 'service.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
    );
    const run = start(['run', '-f', manifests, '--state-dir', stateDir]);
    await waitFor(
      'sluice run to start',
      async () => (liveRuntime(stateDir)?.pid === run.pid ? true : undefined),
      60_000,
    );
    const runLine = commandLine(run.pid ?? 0);
    assert.match(runLine[0] ?? '', /node$/, `bin/sluice exec'd node: ${runLine.join(' ')}`);
    assert.ok(runLine.includes(RUN_FLAG), `sluice run: ${runLine.join(' ')}`);
    assert.ok(runLine.indexOf(RUN_FLAG) < runLine.indexOf('run'), 'a flag of node, before the script');

    const list = start(['list', 'rollouts', '-w', '--state-dir', stateDir]);
    const listLine = await waitFor(
      'list rollouts -w to run as node',
      async () => {
        const line = commandLine(list.pid ?? 0);
        return /node$/.test(line[0] ?? '') && line.includes('list') ? line : undefined;
      },
      30_000,
      20,
    );
    assert.ok(!listLine.some((arg) => arg.startsWith('--max-semi-space-size')), `list: ${listLine.join(' ')}`);
  });
});
