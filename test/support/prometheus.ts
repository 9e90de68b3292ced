// Starts a real Prometheus server (Debian package `prometheus`) for a test: a generated config
// scraping the given targets every second, storage in a temp dir, a free loopback port. Waits
// until it is ready and has scraped every target; stop() kills it and removes its files.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { freePort, waitFor } from './ports.ts';

export interface PrometheusServer {
  address: string;
  /** The values an instant query gives now (an array of [labels, value]). */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: string }>>;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'];

/** The prometheus binary, or undefined when it is not installed. */
export function prometheusBinary(): string | undefined {
  const fromEnv = process.env.PROMETHEUS_BIN;
  const candidates = [
    ...(fromEnv ? [fromEnv] : []),
    ...CANDIDATES,
    ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'prometheus')),
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

/**
 * `false` when Prometheus can be used, or the reason to skip. In CI a missing binary throws:
 * a suite whose real part is missing fails there, it never skips.
 */
export function prometheusSkipReason(): string | false {
  if (prometheusBinary()) return false;
  const reason = 'prometheus is not installed (apt-get install prometheus)';
  if (process.env.CI === 'true') throw new Error(`${reason}: CI must provide it`);
  return reason;
}

export async function startPrometheus(targets: readonly string[]): Promise<PrometheusServer> {
  const binary = prometheusBinary();
  if (!binary) throw new Error('prometheus is not installed (apt-get install prometheus)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: exporter',
    '    static_configs:',
    `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const log = path.join(dir, 'prometheus.log');
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.console.templates=/nonexistent',
      '--web.console.libraries=/nonexistent',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const logLines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    logLines.push(chunk.toString());
    writeFileSync(log, logLines.join(''));
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const query = async (promql: string) => {
    const response = await fetch(`${address}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return (body.data?.result ?? []).map((sample) => ({ metric: sample.metric, value: sample.value[1] }));
  };
  try {
    await waitFor('prometheus to be ready', async () => {
      if (exited) throw new Error(`prometheus exited: ${logTail(log)}`);
      const response = await fetch(`${address}/-/ready`);
      return response.ok ? true : undefined;
    });
    await waitFor('prometheus to scrape every target', async () => {
      const up = await query('up{job="exporter"} == 1');
      return up.length === targets.length ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, query, stop };
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-5).join('\n');
  } catch {
    return 'no log';
  }
}
