// The notification counters of Argo's controller, for a runtime without the controller's metrics
// (the local runtime serves them beside its mesh's): notification_send_success and
// notification_send_error {namespace, name, type, reason}, and the notification_send histogram
// {namespace, name} with Argo's reconcile buckets, in the Prometheus text format.
import { type MetricFamily, renderExposition, type Sample } from '../../platform/prometheus/exposition.ts';
import type { NotificationLabels, NotificationMetrics } from './dispatcher.ts';

/** Argo's buckets of notification_send (those of its reconcile histograms), in seconds. */
const BUCKETS = [0.01, 0.15, 0.25, 0.5, 1] as const;

type Counts = Map<string, { labels: NotificationLabels; count: number }>;

export class NotificationSendMetrics implements NotificationMetrics {
  readonly #success: Counts = new Map();
  readonly #error: Counts = new Map();
  readonly #durations = new Map<
    string,
    { namespace: string; name: string; buckets: number[]; sum: number; count: number }
  >();

  sent(labels: NotificationLabels): void {
    count(this.#success, labels);
  }

  failed(labels: NotificationLabels): void {
    count(this.#error, labels);
  }

  observe(namespace: string, name: string, seconds: number): void {
    const key = `${namespace}\0${name}`;
    const entry = this.#durations.get(key) ?? { namespace, name, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    const index = BUCKETS.findIndex((bound) => seconds <= bound);
    if (index >= 0) entry.buckets[index] = (entry.buckets[index] ?? 0) + 1;
    entry.sum += seconds;
    entry.count += 1;
    this.#durations.set(key, entry);
  }

  render(): string {
    const counter = (name: string, help: string, series: Counts): MetricFamily => ({
      name,
      help,
      type: 'counter',
      samples: [...series.values()].map(({ labels, count }) => ({
        name,
        labels: { namespace: labels.namespace, name: labels.name, type: labels.type, reason: labels.reason },
        value: count,
      })),
    });
    const samples: Sample[] = [];
    for (const entry of this.#durations.values()) {
      const labels = { namespace: entry.namespace, name: entry.name };
      let cumulative = 0;
      BUCKETS.forEach((bound, i) => {
        cumulative += entry.buckets[i] ?? 0;
        samples.push({ name: 'notification_send_bucket', labels: { ...labels, le: String(bound) }, value: cumulative });
      });
      samples.push({ name: 'notification_send_bucket', labels: { ...labels, le: '+Inf' }, value: entry.count });
      samples.push({ name: 'notification_send_sum', labels, value: entry.sum });
      samples.push({ name: 'notification_send_count', labels, value: entry.count });
    }
    return renderExposition([
      counter('notification_send_success', 'Notification send success.', this.#success),
      counter('notification_send_error', 'Error sending the notification', this.#error),
      { name: 'notification_send', help: 'Notification send performance.', type: 'histogram', samples },
    ]);
  }
}

function count(series: Counts, labels: NotificationLabels): void {
  const key = [labels.namespace, labels.name, labels.type, labels.reason].join('\0');
  const entry = series.get(key) ?? { labels: { ...labels }, count: 0 };
  entry.count++;
  series.set(key, entry);
}
