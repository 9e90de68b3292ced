// The mesh's retries, as a Prometheus counter beside Istio's request metrics:
// `sluice_upstream_retries_total{namespace, reason}`, reason `connect_failure` (the pod refused the
// connection) or `reset` (it closed the connection before any answer byte). Envoy counts the same
// as `envoy_cluster_upstream_rq_retry`.
import type { RetryObservation } from '../services/upstream-forwarder.ts';
import { labelText } from '../../../platform/prometheus/exposition.ts';

const NAME = 'sluice_upstream_retries_total';

export class RetryMetrics {
  readonly #counts = new Map<string, { namespace: string; reason: string; count: number }>();

  record(retry: RetryObservation): void {
    const key = `${retry.namespace}|${retry.reason}`;
    const entry = this.#counts.get(key) ?? { namespace: retry.namespace, reason: retry.reason, count: 0 };
    entry.count++;
    this.#counts.set(key, entry);
  }

  /** The total over every namespace and reason. */
  total(): number {
    let total = 0;
    for (const entry of this.#counts.values()) total += entry.count;
    return total;
  }

  render(): string {
    const lines = [`# HELP ${NAME} Requests the local mesh tried again on another pod.`, `# TYPE ${NAME} counter`];
    for (const entry of this.#counts.values())
      lines.push(`${NAME}{${labelText(['namespace', 'reason'], [entry.namespace, entry.reason])}} ${entry.count}`);
    return `${lines.join('\n')}\n`;
  }
}
