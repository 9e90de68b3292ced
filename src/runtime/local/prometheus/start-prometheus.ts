// Starts the Prometheus server installed on the machine (Debian package `prometheus`) with the scrape
// configuration sluice wrote under the state directory, on a free loopback port.
import { spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freeLoopbackPort } from '../../../platform/free-port.ts';
import { scrapeConfigPaths } from './write-scrape-config.ts';

export const PROMETHEUS_CANDIDATES = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'];

export class PrometheusNotInstalledError extends Error {
  constructor() {
    super(
      `prometheus is not installed (looked for ${PROMETHEUS_CANDIDATES.join(', ')} and $PATH): install it with "apt-get install prometheus", or run without --prometheus`,
    );
  }
}

export interface RunningPrometheus {
  /** e.g. http://127.0.0.1:41234; use it as the `address` of AnalysisTemplates' prometheus provider. */
  url: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

export function findPrometheus(searchPath = process.env.PATH ?? ''): string | undefined {
  const candidates = [
    ...PROMETHEUS_CANDIDATES,
    ...searchPath
      .split(':')
      .filter(Boolean)
      .map((dir) => path.join(dir, 'prometheus')),
  ];
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Starts Prometheus on `<stateDir>/prometheus/prometheus.yml` (written by writeScrapeConfig) and waits until it is ready. */
export async function startPrometheus(
  stateDir: string,
  options: { binary?: string; port?: number; readyTimeoutMs?: number } = {},
): Promise<RunningPrometheus> {
  const binary = options.binary ?? findPrometheus();
  if (!binary) throw new PrometheusNotInstalledError();
  const paths = scrapeConfigPaths(stateDir);
  mkdirSync(paths.dataDir, { recursive: true });
  const port = options.port ?? (await freeLoopbackPort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(paths.dir, 'prometheus.log');
  const log = createWriteStream(logFile);
  const child = spawn(
    binary,
    [
      `--config.file=${paths.config}`,
      `--storage.tsdb.path=${paths.dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.console.templates=/nonexistent',
      '--web.console.libraries=/nonexistent',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const stop = async () => {
    if (!hasExited) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
      if (!killed) child.kill('SIGKILL');
      await exited;
    }
    log.end();
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (hasExited) {
      await stop();
      throw new Error(`prometheus exited during start-up; its log (${logFile}) ends with:\n${tail(logFile)}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, logFile, pid: child.pid ?? 0, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `prometheus did not become ready at ${url} within ${options.readyTimeoutMs ?? 30_000} ms; see ${logFile}`,
      );
    }
    await delay(100);
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-6).join('\n');
  } catch {
    return '(no log)';
  }
}
