// Where the traffic chart's numbers come from: the local mesh's counters sampled by the dashboard
// (MeshTrafficSource), or on a cluster the Prometheus the rollout's analysis uses, asked with a
// range query on Istio's istio_requests_total grouped by destination workload (PrometheusTrafficSource).
// Either says why when it has nothing (`unavailable`), never a chart of guesses.
import type { RolloutObjects, Target } from '../../../cli/target/target.ts';
import type { TrafficSeries } from '../../contract.ts';
import type { MeshSampler } from './mesh-sampler.ts';
import { analysisTemplateRefs, prometheusAddressOf } from './prometheus-address.ts';
import { seriesFromRange, seriesFromSamples, type PrometheusMatrix } from './series.ts';
import { rolloutVersions, type VersionRef } from './versions.ts';

export interface TrafficSource {
  series(target: Target, objects: RolloutObjects): Promise<TrafficSeries>;
  close(): void;
}

function unavailable(reason: string): TrafficSeries {
  return { unavailable: reason, times: [], versions: [] };
}

export class MeshTrafficSource implements TrafficSource {
  readonly #sampler: MeshSampler;

  constructor(sampler: MeshSampler) {
    this.#sampler = sampler;
    sampler.start();
  }

  async series(_target: Target, objects: RolloutObjects): Promise<TrafficSeries> {
    const versions = rolloutVersions(objects.rollout, objects.replicaSets);
    if (versions.length === 0) return unavailable('the rollout has no stable or canary ReplicaSet yet');
    const samples = this.#sampler.samples();
    if (samples.length < 2)
      return unavailable(`the dashboard has not sampled the local mesh twice yet (${this.#sampler.metricsUrl})`);
    return seriesFromSamples(samples, versions, 'local mesh');
  }

  close(): void {
    this.#sampler.stop();
  }
}

export interface PrometheusTrafficOptions {
  /** How far back the chart goes; default 10 minutes. */
  windowMs?: number;
  /** The range query's step; default 15 s. */
  stepSeconds?: number;
  /** The window of rate(); default 1m. */
  rateWindow?: string;
  now?: () => number;
}

export class PrometheusTrafficSource implements TrafficSource {
  readonly #windowMs: number;
  readonly #stepSeconds: number;
  readonly #rateWindow: string;
  readonly #now: () => number;

  constructor(options: PrometheusTrafficOptions = {}) {
    this.#windowMs = options.windowMs ?? 10 * 60 * 1000;
    this.#stepSeconds = options.stepSeconds ?? 15;
    this.#rateWindow = options.rateWindow ?? '1m';
    this.#now = options.now ?? Date.now;
  }

  async series(target: Target, objects: RolloutObjects): Promise<TrafficSeries> {
    const { rollout } = objects;
    const namespace = rollout.metadata.namespace ?? target.defaultNamespace;
    const address = await this.#address(target, namespace, objects);
    if (!address)
      return unavailable(
        "none of the rollout's analysis templates names a Prometheus (a metric with provider.prometheus.address), so the dashboard has nowhere to read its traffic from",
      );
    const versions = rolloutVersions(rollout, objects.replicaSets);
    if (versions.length === 0) return unavailable('the rollout has no stable or canary ReplicaSet yet');
    const selector = [
      'reporter="destination"',
      `destination_workload_namespace="${escapeLabel(namespace)}"`,
      `destination_workload=~"${versions.map((v) => escapeRegex(v.workload)).join('|')}"`,
    ].join(',');
    const total = `sum by (destination_workload) (rate(istio_requests_total{${selector}}[${this.#rateWindow}]))`;
    const failed = `sum by (destination_workload) (rate(istio_requests_total{${selector},response_code=~"5.."}[${this.#rateWindow}]))`;
    let matrices: [PrometheusMatrix, PrometheusMatrix];
    try {
      matrices = await Promise.all([this.#range(address, total), this.#range(address, failed)]);
    } catch (error) {
      return unavailable(`Prometheus at ${address} did not answer the range query: ${(error as Error).message}`);
    }
    if (matrices[0].length === 0)
      return unavailable(
        `Prometheus at ${address} has no istio_requests_total for ${describe(versions)} in the last ${Math.round(this.#windowMs / 60_000)} minutes (are the pods in the Istio mesh, and is Prometheus scraping their sidecars?)`,
      );
    return seriesFromRange(matrices[0], matrices[1], versions, `prometheus at ${address}`);
  }

  close(): void {}

  async #address(target: Target, namespace: string, objects: RolloutObjects): Promise<string | undefined> {
    for (const ref of analysisTemplateRefs(objects.rollout)) {
      try {
        const template = await target.analysisTemplate(ref.clusterScope ? undefined : namespace, ref.templateName);
        const address = prometheusAddressOf(template);
        if (address) return address;
      } catch {
        // A template that is missing or unreadable names no address; the next one may.
      }
    }
    return undefined;
  }

  async #range(address: string, query: string): Promise<PrometheusMatrix> {
    const end = this.#now() / 1000;
    const params = new URLSearchParams({
      query,
      start: String(end - this.#windowMs / 1000),
      end: String(end),
      step: String(this.#stepSeconds),
    });
    const response = await fetch(`${address}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json().catch(() => undefined)) as
      | { status?: string; error?: string; data?: { resultType?: string; result?: PrometheusMatrix } }
      | undefined;
    if (!response.ok || body?.status !== 'success') throw new Error(body?.error ?? `HTTP ${response.status}`);
    if (body.data?.resultType !== 'matrix')
      throw new Error(`a ${body.data?.resultType ?? 'missing'} result, not a matrix`);
    return body.data.result ?? [];
  }
}

function describe(versions: readonly VersionRef[]): string {
  return versions.map((version) => version.workload).join(', ');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** A literal inside a PromQL regex (RE2) in a double-quoted string. */
function escapeRegex(value: string): string {
  return escapeLabel(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
