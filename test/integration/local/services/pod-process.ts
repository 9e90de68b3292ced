// A pod as a real process: a node HTTP server on a free loopback port that answers with its name
// after `delayMs`. SIGTERM closes it gracefully (stops accepting, finishes what is in flight);
// SIGKILL is a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import process from 'node:process';
import type { PodEndpoint } from '../../../../src/runtime/local/services/endpoint-source.ts';

const SERVER = `
const http = require('node:http');
const name = process.env.POD_NAME, delay = Number(process.env.DELAY_MS);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => setTimeout(() => res.writeHead(200, { 'x-pod': name }).end(name), delay));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('SIGTERM', () => { server.close(() => process.exit(0)); server.closeIdleConnections(); });
`;

export interface PodProcess {
  name: string;
  port: number;
  child: ChildProcess;
  endpoint(overrides?: Partial<PodEndpoint>): PodEndpoint;
  /** Graceful stop; resolves when the process has exited. */
  terminate(): Promise<void>;
  /** A crash: no goodbye to open connections. */
  kill(): Promise<void>;
}

export async function startPodProcess(name: string, labels: Record<string, string>, delayMs = 2): Promise<PodProcess> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: { POD_NAME: name, DELAY_MS: String(delayMs), PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  const exited = once(child, 'exit').then(() => undefined);
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    name,
    port,
    child,
    endpoint: (overrides = {}) => ({
      pod: name,
      namespace: 'default',
      labels: { ...labels },
      ip: '127.0.0.1',
      ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP', port }],
      ready: true,
      terminating: false,
      ...overrides,
    }),
    terminate: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}
