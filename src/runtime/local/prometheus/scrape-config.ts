// What Prometheus should scrape in the local runtime, as file_sd target groups and a prometheus.yml
// that reads them: the mesh's metrics port (Istio's metrics, at /stats/prometheus) and every pod
// annotated `prometheus.io/scrape: "true"` (at `prometheus.io/path`, default /metrics, on the port
// `prometheus.io/port` names, default the pod's first port). Pure builders; writing is elsewhere.
import type { EndpointPort } from '../services/endpoint-source.ts';

export const MESH_JOB = 'sluice-mesh';
export const PODS_JOB = 'kubernetes-pods';
export const MESH_TARGETS_FILE = 'mesh.json';
export const PODS_TARGETS_FILE = 'pods.json';

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** A pod as the scrape config needs it: the endpoint plus its annotations. */
export interface ScrapePod {
  pod: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ip: string;
  ports: EndpointPort[];
}

export function meshTargetGroups(metrics: { host: string; port: number }): TargetGroup[] {
  return [
    {
      targets: [`${metrics.host}:${metrics.port}`],
      labels: { __metrics_path__: '/stats/prometheus', component: 'mesh' },
    },
  ];
}

/** Prometheus label names allow [a-zA-Z0-9_]; Kubernetes label keys become `label_<sanitised>` as in kubernetes_sd relabelling. */
function labelName(key: string): string {
  return `label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

function scrapePort(pod: ScrapePod, annotated: string | undefined): number | undefined {
  const tcp = pod.ports.filter((p) => p.protocol === 'TCP');
  if (annotated === undefined) return tcp[0]?.port;
  const wanted = Number(annotated);
  // The annotation names the container port; the process listens on the loopback port mapped to it.
  return (
    tcp.find((p) => p.containerPort === wanted)?.port ?? tcp.find((p) => p.name === annotated)?.port ?? tcp[0]?.port
  );
}

export function podTargetGroups(pods: readonly ScrapePod[]): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const pod of [...pods].sort((a, b) => `${a.namespace}/${a.pod}`.localeCompare(`${b.namespace}/${b.pod}`))) {
    if (pod.annotations['prometheus.io/scrape'] !== 'true') continue;
    const port = scrapePort(pod, pod.annotations['prometheus.io/port']);
    if (port === undefined) continue;
    const labels: Record<string, string> = {
      __metrics_path__: pod.annotations['prometheus.io/path'] ?? '/metrics',
      __scheme__: pod.annotations['prometheus.io/scheme'] === 'https' ? 'https' : 'http',
      namespace: pod.namespace,
      pod: pod.pod,
    };
    if (pod.labels.app) labels.app = pod.labels.app;
    for (const [key, value] of Object.entries(pod.labels)) labels[labelName(key)] = value;
    groups.push({ targets: [`${pod.ip}:${port}`], labels });
  }
  return groups;
}

/** prometheus.yml for the local runtime; `targetsDir` holds the file_sd files. */
export function prometheusYaml(targetsDir: string, options: { scrapeIntervalSeconds?: number } = {}): string {
  const interval = `${options.scrapeIntervalSeconds ?? 5}s`;
  const quoted = (s: string) => JSON.stringify(s);
  return [
    '# Written by sluice for the local runtime; rewritten on every start.',
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    `  - job_name: ${MESH_JOB}`,
    '    file_sd_configs:',
    `      - files: [${quoted(`${targetsDir}/${MESH_TARGETS_FILE}`)}]`,
    '        refresh_interval: 5s',
    `  - job_name: ${PODS_JOB}`,
    '    file_sd_configs:',
    `      - files: [${quoted(`${targetsDir}/${PODS_TARGETS_FILE}`)}]`,
    '        refresh_interval: 5s',
    '',
  ].join('\n');
}
