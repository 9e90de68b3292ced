// Serves the mesh's metrics as Envoy does: `GET /stats/prometheus` on a port of its own (`/metrics`
// answers the same, for scrapers with default settings).
import {
  startMetricsServer as startExpositionServer,
  type MetricsServer,
} from '../../../platform/prometheus/metrics-server.ts';

export type { MetricsServer } from '../../../platform/prometheus/metrics-server.ts';

export const METRICS_PATH = '/stats/prometheus';

/** What the port serves: each source's text, one after the other. */
export interface MetricsSource {
  render(): string;
}

export async function startMetricsServer(
  metrics: MetricsSource | readonly MetricsSource[],
  options: { host?: string; port?: number } = {},
): Promise<MetricsServer> {
  const sources = Array.isArray(metrics) ? metrics : [metrics as MetricsSource];
  return startExpositionServer({
    what: "the mesh's metrics server",
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    paths: [METRICS_PATH, '/metrics'],
    render: () => sources.map((source) => source.render()).join(''),
  });
}
