// Load generation for the proxy benchmark: wrk (Debian package `wrk`) when installed, otherwise a
// keep-alive load loop in node. Both are bounded in time and send to loopback only.
import { execFile } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers and socket errors. */
  errors: number;
}

export interface LoadSpec {
  port: number;
  host: string;
  connections: number;
  seconds: number;
  /** Prefix for the command, e.g. ['taskset', '-c', '1'] to pin the generator. */
  pin: string[];
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

export function parseWrk(output: string): LoadResult {
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
    return match ? toMs(match[1]!, match[2]!) : NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { requests, rps, p50Ms: percentile('50'), p99Ms: percentile('99'), errors: non2xx + socketErrors };
}

export function runWrk(binary: string, spec: LoadSpec): Promise<LoadResult> {
  const [command, ...prefix] = [...spec.pin, binary];
  const args = [
    ...prefix,
    '-t1',
    `-c${spec.connections}`,
    `-d${spec.seconds}s`,
    '--latency',
    '-H',
    `Host: ${spec.host}`,
    `http://127.0.0.1:${spec.port}/`,
  ];
  return new Promise((resolve, reject) => {
    execFile(command!, args, { timeout: (spec.seconds + 30) * 1000 }, (error, stdout) =>
      error ? reject(error) : resolve(parseWrk(stdout)),
    );
  });
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** The node load loop: `connections` keep-alive connections, each sending one request after another. */
export async function runNodeLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + spec.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const request = http.request(
        { host: '127.0.0.1', port: spec.port, path: '/', headers: { host: spec.host }, agent },
        (response) => {
          response.resume();
          response.on('end', () => {
            if ((response.statusCode ?? 0) >= 400) errors++;
            latencies.push(performance.now() - started);
            resolve();
          });
        },
      );
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    errors,
  };
}
