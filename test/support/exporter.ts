// A real metrics exporter for tests: an HTTP server serving /metrics in the Prometheus text
// format, with counters the test sets and increments.
import http from 'node:http';

type Labels = Record<string, string>;

export interface Exporter {
  /** host:port, for a scrape config. */
  target: string;
  add(metric: string, labels: Labels, amount: number): void;
  /** Adds `amount` to the counter at every scrape from now on: steady traffic, so irate() has a value. */
  perScrape(metric: string, labels: Labels, amount: number): void;
  close(): Promise<void>;
}

export async function startExporter(): Promise<Exporter> {
  const counters = new Map<string, Map<string, number>>();
  const traffic: Array<() => void> = [];
  const add = (metric: string, labels: Labels, amount: number) => {
    const key = Object.keys(labels)
      .sort()
      .map((name) => `${name}="${labels[name]}"`)
      .join(',');
    const series = counters.get(metric) ?? new Map<string, number>();
    series.set(key, (series.get(key) ?? 0) + amount);
    counters.set(metric, series);
  };
  const server = http.createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    for (const step of traffic) step();
    const lines: string[] = [];
    for (const [metric, series] of counters) {
      lines.push(`# TYPE ${metric} counter`);
      for (const [labels, value] of series) lines.push(`${metric}{${labels}} ${value}`);
    }
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('exporter has no port');
  return {
    target: `127.0.0.1:${address.port}`,
    add,
    perScrape(metric, labels, amount) {
      add(metric, labels, 0);
      traffic.push(() => add(metric, labels, amount));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
