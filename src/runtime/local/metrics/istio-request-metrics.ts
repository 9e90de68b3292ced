// Istio's standard HTTP request metrics, kept by the local mesh: `istio_requests_total` (counter) and
// `istio_request_duration_milliseconds` (histogram with Istio's buckets), one series per label set.
// Label sets are computed once per (reporter, source, service, pod, code, flags) and reused, so
// recording a request is a map lookup and a few additions.
import type { PodEndpoint } from '../services/endpoint-source.ts';
import { formatValue, labelText } from '../../../platform/prometheus/exposition.ts';
import {
  ISTIO_LABEL_NAMES,
  serviceFqdn,
  sideLabels,
  UNKNOWN,
  workloadOfPod,
  type IstioLabels,
  type Workload,
} from './istio-labels.ts';

/** Istio's default buckets for request durations, in milliseconds. */
export const DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
] as const;

export interface RequestObservation {
  reporter: 'source' | 'destination';
  /** The calling workload; undefined when unknown. */
  source: Workload | undefined;
  /** The Service the request was routed to; undefined when no route matched. */
  service: { name: string; namespace: string } | undefined;
  /** The pod that answered; undefined when none did. */
  endpoint: PodEndpoint | undefined;
  /** 0 when the client went away before an answer, as Envoy reports it. */
  responseCode: number;
  /** Envoy response flags, '-' for none. */
  responseFlags: string;
  durationMs: number;
}

interface Series {
  labels: IstioLabels;
  text: string;
  count: number;
  sum: number;
  buckets: number[];
}

export class IstioRequestMetrics {
  readonly #series = new Map<string, Series>();
  readonly #ids = new WeakMap<object, number>();
  #nextId = 1;

  #idOf(object: object | undefined): number {
    if (!object) return 0;
    let id = this.#ids.get(object);
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(object, id);
    }
    return id;
  }

  record(o: RequestObservation): void {
    const service = o.service ? `${o.service.namespace}/${o.service.name}` : '';
    const key = `${o.reporter}|${this.#idOf(o.source)}|${service}|${this.#idOf(o.endpoint)}|${o.responseCode}|${o.responseFlags}`;
    let series = this.#series.get(key);
    if (!series) {
      const labels = labelsOf(o);
      series = {
        labels,
        text: labelText(
          ISTIO_LABEL_NAMES,
          ISTIO_LABEL_NAMES.map((n) => labels[n]),
        ),
        count: 0,
        sum: 0,
        buckets: DURATION_BUCKETS_MS.map(() => 0),
      };
      this.#series.set(key, series);
    }
    series.count++;
    series.sum += o.durationMs;
    for (let i = 0; i < DURATION_BUCKETS_MS.length; i++) {
      if (o.durationMs <= (DURATION_BUCKETS_MS[i] ?? Infinity)) {
        series.buckets[i] = (series.buckets[i] ?? 0) + 1;
        break;
      }
    }
  }

  /** Every series with its count, merged by label set (for tests and the dashboard). */
  snapshot(): Array<{ labels: IstioLabels; count: number; sum: number }> {
    const merged = new Map<string, { labels: IstioLabels; count: number; sum: number }>();
    for (const s of this.#series.values()) {
      const entry = merged.get(s.text) ?? { labels: s.labels, count: 0, sum: 0 };
      entry.count += s.count;
      entry.sum += s.sum;
      merged.set(s.text, entry);
    }
    return [...merged.values()];
  }

  /** The metrics in Prometheus' text format. */
  render(): string {
    const merged = new Map<string, Series>();
    for (const s of this.#series.values()) {
      const entry = merged.get(s.text);
      if (!entry) {
        merged.set(s.text, { ...s, buckets: [...s.buckets] });
        continue;
      }
      entry.count += s.count;
      entry.sum += s.sum;
      s.buckets.forEach((b, i) => (entry.buckets[i] = (entry.buckets[i] ?? 0) + b));
    }
    const counter = [
      '# HELP istio_requests_total Requests seen by the local mesh.',
      '# TYPE istio_requests_total counter',
    ];
    const histogram = [
      '# HELP istio_request_duration_milliseconds Request durations seen by the local mesh.',
      '# TYPE istio_request_duration_milliseconds histogram',
    ];
    for (const s of merged.values()) {
      counter.push(`istio_requests_total{${s.text}} ${s.count}`);
      let cumulative = 0;
      DURATION_BUCKETS_MS.forEach((le, i) => {
        cumulative += s.buckets[i] ?? 0;
        histogram.push(`istio_request_duration_milliseconds_bucket{${s.text},le="${formatValue(le)}"} ${cumulative}`);
      });
      histogram.push(`istio_request_duration_milliseconds_bucket{${s.text},le="+Inf"} ${s.count}`);
      histogram.push(`istio_request_duration_milliseconds_sum{${s.text}} ${formatValue(s.sum)}`);
      histogram.push(`istio_request_duration_milliseconds_count{${s.text}} ${s.count}`);
    }
    return `${counter.join('\n')}\n${histogram.join('\n')}\n`;
  }
}

function labelsOf(o: RequestObservation): IstioLabels {
  const destination = o.endpoint ? workloadOfPod(o.endpoint) : undefined;
  return {
    reporter: o.reporter,
    ...sideLabels('source', o.source),
    ...sideLabels('destination', destination),
    destination_service: o.service ? serviceFqdn(o.service.name, o.service.namespace) : UNKNOWN,
    destination_service_name: o.service?.name ?? UNKNOWN,
    destination_service_namespace: o.service?.namespace ?? UNKNOWN,
    request_protocol: 'http',
    response_code: String(o.responseCode),
    grpc_response_status: '',
    response_flags: o.responseFlags,
    connection_security_policy: o.reporter === 'destination' ? 'none' : UNKNOWN,
  } as IstioLabels;
}
