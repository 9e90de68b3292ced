// The Prometheus configuration a process pod of `prom/prometheus` runs with: the ConfigMap's file
// plus a scrape job for the local mesh's metrics. In a cluster, Istio's proxies serve
// `istio_requests_total` in every pod, and Prometheus finds them through the Kubernetes API; the
// local runtime has one mesh, whose metrics port a pod learns from $SLUICE_MESH_METRICS, and no
// Kubernetes API. So the job `sluice-mesh` is added (unless the file has a job of that name), and
// the rule files the configuration names are read under $SLUICE_ROOT, as the config file is.
import { parseDocument, stringify } from 'yaml';

export const MESH_JOB_NAME = 'sluice-mesh';

export class PrometheusConfigError extends Error {
  override name = 'PrometheusConfigError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The configuration text with the mesh's job added; `mapPath` maps a path of the container to the process's. */
export function withMeshJob(text: string, file: string, meshTarget: string, mapPath: (file: string) => string): string {
  const document = parseDocument(text);
  const problem = document.errors[0];
  if (problem) throw new PrometheusConfigError(`${file}: not valid YAML: ${problem.message.split('\n')[0]}`);
  const config: unknown = document.toJS() ?? {};
  if (!isRecord(config)) throw new PrometheusConfigError(`${file}: expected a mapping (global, scrape_configs, ...)`);
  const rules = config.rule_files;
  if (Array.isArray(rules)) config.rule_files = rules.map((rule) => mapPath(String(rule)));
  const jobs = config.scrape_configs ?? [];
  if (!Array.isArray(jobs)) throw new PrometheusConfigError(`${file}: scrape_configs: expected a list of jobs`);
  if (!jobs.some((job) => isRecord(job) && job.job_name === MESH_JOB_NAME)) {
    jobs.push({
      job_name: MESH_JOB_NAME,
      metrics_path: '/stats/prometheus',
      static_configs: [{ targets: [meshTarget], labels: { component: 'mesh' } }],
    });
  }
  config.scrape_configs = jobs;
  return `# ${file}, with the local mesh's scrape job (${MESH_JOB_NAME}) added by sluice.\n${stringify(config)}`;
}
