// A program for the graceful-shutdown test: starts one process group with spawnGroup, prints its
// pid as JSON, then waits for a signal. Its own shutdown prints "shutting down", waits for a line
// on stdin (the test decides when it ends), prints "done" and stops the group itself.
//   argv[2] = "opt-in":    installProcessGroupCleanup({ gracefulShutdown })
//   argv[2] = "once":      process.once('SIGTERM') registered before the first group (no opt-in)
//   argv[2] = "unhandled": nobody handles the signal
import process from 'node:process';
import { installProcessGroupCleanup, spawnGroup } from '../../../../src/platform/process/process-group.ts';

const mode = process.argv[2];
let stopGroup: () => Promise<unknown> = async () => undefined;
const keepAlive = setInterval(() => {}, 1000);

const ownShutdown = async (): Promise<void> => {
  process.stdout.write('shutting down\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  await stopGroup();
  process.stdout.write('done\n');
};

if (mode === 'once') {
  process.once('SIGTERM', () => {
    void ownShutdown().then(() => process.exit(0));
  });
}

const group = await spawnGroup({ program: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {} });
stopGroup = () => {
  group.signal('SIGKILL');
  return group.exited;
};
// The opt-in program ends by itself once its shutdown is over: nothing keeps it alive any more.
if (mode === 'opt-in')
  installProcessGroupCleanup({
    gracefulShutdown: async () => {
      await ownShutdown();
      clearInterval(keepAlive);
      process.stdin.pause();
    },
  });
if (mode !== 'once' && mode !== 'opt-in' && mode !== 'unhandled') throw new Error(`unknown mode ${mode}`);
process.stdout.write(`${JSON.stringify({ group: group.pid })}\n`);
