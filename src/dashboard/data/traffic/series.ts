// The traffic chart's series (contract TrafficSeries) from what was measured: from successive
// samples of request counters (the local mesh), or from a Prometheus range query's matrices.
// Pure: the samples carry their own times.
import type { TrafficSeries } from '../../contract.ts';
import type { RequestCounters } from './request-counters.ts';
import type { VersionRef } from './versions.ts';

export interface CounterSample {
  /** Epoch ms. */
  at: number;
  counters: RequestCounters;
}

/**
 * One point per pair of successive samples, at the later one's time: requests per second over the
 * interval (0 for a workload not counted yet), and the share of 5xx among them (null without
 * requests). A counter that went down (the mesh restarted) gives null for that interval.
 */
export function seriesFromSamples(
  samples: readonly CounterSample[],
  versions: readonly VersionRef[],
  source: string,
): TrafficSeries {
  const times = samples.slice(1).map((sample) => sample.at);
  return {
    source,
    times,
    versions: versions.map((version) => {
      const key = `${version.namespace}/${version.workload}`;
      const requestsPerSecond: Array<number | null> = [];
      const errorRate: Array<number | null> = [];
      for (let i = 1; i < samples.length; i++) {
        const before = samples[i - 1];
        const after = samples[i];
        const seconds = before && after ? (after.at - before.at) / 1000 : 0;
        const a = before?.counters.get(key) ?? { requests: 0, errors: 0 };
        const b = after?.counters.get(key);
        const requests = b ? b.requests - a.requests : 0;
        const errors = b ? b.errors - a.errors : 0;
        if (seconds <= 0 || requests < 0 || errors < 0) {
          requestsPerSecond.push(null);
          errorRate.push(null);
          continue;
        }
        requestsPerSecond.push(requests / seconds);
        errorRate.push(requests > 0 ? errors / requests : null);
      }
      return { label: version.label, podTemplateHash: version.podTemplateHash, requestsPerSecond, errorRate };
    }),
  };
}

/** A Prometheus range-query matrix: one series per label set, values as [seconds, "number"]. */
export type PrometheusMatrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

/**
 * The series of two range queries grouped by destination_workload: requests per second, and 5xx
 * answers per second (the error share is their ratio). Times are the union of both queries' steps.
 */
export function seriesFromRange(
  requests: PrometheusMatrix,
  errors: PrometheusMatrix,
  versions: readonly VersionRef[],
  source: string,
): TrafficSeries {
  const seconds = new Set<number>();
  for (const series of [...requests, ...errors]) for (const [at] of series.values) seconds.add(at);
  const times = [...seconds].sort((a, b) => a - b);
  const byWorkload = (matrix: PrometheusMatrix, workload: string): Map<number, number> => {
    const values = new Map<number, number>();
    for (const series of matrix)
      if (series.metric['destination_workload'] === workload)
        for (const [at, text] of series.values) {
          const value = Number(text);
          if (Number.isFinite(value)) values.set(at, (values.get(at) ?? 0) + value);
        }
    return values;
  };
  return {
    source,
    times: times.map((at) => Math.round(at * 1000)),
    versions: versions.map((version) => {
      const total = byWorkload(requests, version.workload);
      const failed = byWorkload(errors, version.workload);
      return {
        label: version.label,
        podTemplateHash: version.podTemplateHash,
        requestsPerSecond: times.map((at) => total.get(at) ?? null),
        errorRate: times.map((at) => {
          const all = total.get(at);
          if (all === undefined || all <= 0) return null;
          return (failed.get(at) ?? 0) / all;
        }),
      };
    }),
  };
}
