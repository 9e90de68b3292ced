// A runtime process for the cleanup test: starts one pod whose container also starts a
// grandchild, prints their pids as JSON, then waits to be ended (`exit` as argv[2]: exits itself).
import process from 'node:process';
import { LocalPod } from '../../../../src/runtime/local/pods/local-pod.ts';
import { podEnvironment } from '../../../../src/runtime/local/pods/pod-environment.ts';

const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(JSON.stringify({ grandchild: c.pid })); setInterval(() => {}, 1000)`;
const pod = new LocalPod(
  { name: 'cleanup', namespace: 'default', labels: {}, annotations: {} },
  { containers: [{ name: 'main', command: [process.execPath, '-e', script] }] },
  podEnvironment({
    onOutput: ({ text }) => {
      const { grandchild } = JSON.parse(text) as { grandchild: number };
      process.stdout.write(`${JSON.stringify({ group: pod.status().containers[0]?.pid, grandchild })}\n`);
      if (process.argv[2] === 'exit') setImmediate(() => process.exit(0));
    },
  }),
);
await pod.start();
setInterval(() => {}, 1000);
