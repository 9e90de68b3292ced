// The traffic chart's source for a target: the local runtime's mesh metrics (their address is in
// the state directory's runtime.json), sampled by the dashboard; on a cluster, the Prometheus the
// rollout's analysis templates name.
import { MeshSampler } from '../../dashboard/data/traffic/mesh-sampler.ts';
import {
  MeshTrafficSource,
  PrometheusTrafficSource,
  type TrafficSource,
} from '../../dashboard/data/traffic/traffic-source.ts';
import { readRuntimeInfo } from '../../runtime/local/api/state-files.ts';
import { LocalTarget } from '../target/local-target.ts';
import type { Target } from '../target/target.ts';

export function trafficSourceFor(target: Target, log: (line: string) => void): TrafficSource {
  if (!(target instanceof LocalTarget)) return new PrometheusTrafficSource();
  const metricsUrl = readRuntimeInfo(target.stateDir)?.metricsUrl;
  if (metricsUrl) return new MeshTrafficSource(new MeshSampler({ metricsUrl, log }));
  const reason = `the local runtime of ${target.stateDir}/ did not record where its mesh metrics are (runtime.json has no metricsUrl): restart sluice run with this version`;
  return { series: async () => ({ unavailable: reason, times: [], versions: [] }), close: () => undefined };
}
