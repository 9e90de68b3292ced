// client-go's work queue metrics (workqueue_depth, workqueue_adds_total, ...) with the queue's
// name as the `name` label. InstrumentedWorkQueue is a WorkQueue that reports to them.
import type { Timers } from '../../../platform/kubernetes/client/timers.ts';
import { WorkQueue, type WorkQueueOptions } from '../../../platform/kubernetes/queue/work-queue.ts';
import type { MetricFamily } from '../../../platform/prometheus/exposition.ts';
import { Counter, Histogram } from './instruments.ts';

/** client-go's buckets: 10 ns to 10 s, by tens. */
const DURATION_BUCKETS = Array.from({ length: 10 }, (_, i) => Number((1e-8 * 10 ** i).toPrecision(1)));

interface QueueProbe {
  depth(): number;
  /** Start times (ms) of the keys being processed now. */
  processingSince(): number[];
  now(): number;
}

export class WorkQueueMetrics {
  readonly adds = new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue',
    labelNames: ['name'],
  });
  readonly retries = new Counter({
    name: 'workqueue_retries_total',
    help: 'Total number of retries handled by workqueue',
    labelNames: ['name'],
  });
  readonly queueDuration = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested.',
    labelNames: ['name'],
    buckets: DURATION_BUCKETS,
  });
  readonly workDuration = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes.',
    labelNames: ['name'],
    buckets: DURATION_BUCKETS,
  });
  readonly #queues = new Map<string, QueueProbe>();

  attach(name: string, probe: QueueProbe): void {
    this.#queues.set(name, probe);
    // As client-go, a named queue's counters exist (at 0) from its creation.
    this.adds.inc({ name }, 0);
    this.retries.inc({ name }, 0);
  }

  collect(): MetricFamily[] {
    const depth: MetricFamily = {
      name: 'workqueue_depth',
      help: 'Current depth of workqueue',
      type: 'gauge',
      samples: [],
    };
    const unfinished: MetricFamily = {
      name: 'workqueue_unfinished_work_seconds',
      help: "How many seconds of work has done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
      type: 'gauge',
      samples: [],
    };
    const longest: MetricFamily = {
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      type: 'gauge',
      samples: [],
    };
    for (const [name, probe] of this.#queues) {
      const now = probe.now();
      const running = probe.processingSince().map((since) => Math.max(0, now - since) / 1000);
      depth.samples.push({ name: depth.name, labels: { name }, value: probe.depth() });
      unfinished.samples.push({
        name: unfinished.name,
        labels: { name },
        value: running.reduce((sum, seconds) => sum + seconds, 0),
      });
      longest.samples.push({
        name: longest.name,
        labels: { name },
        value: running.length === 0 ? 0 : Math.max(...running),
      });
    }
    return [
      this.adds.collect(),
      depth,
      this.queueDuration.collect(),
      this.workDuration.collect(),
      unfinished,
      longest,
      this.retries.collect(),
    ];
  }
}

export interface InstrumentedWorkQueueOptions<K> extends WorkQueueOptions<K> {
  /** The `name` label (Argo's queues are "Rollouts", "AnalysisRuns", "Experiments", ...). */
  name: string;
  metrics: WorkQueueMetrics;
}

export class InstrumentedWorkQueue<K = string> extends WorkQueue<K> {
  readonly #name: string;
  readonly #metrics: WorkQueueMetrics;
  readonly #timers: Timers;
  readonly #queuedAt = new Map<K, number>();
  readonly #processingSince = new Map<K, number>();

  constructor(options: InstrumentedWorkQueueOptions<K>) {
    super(options);
    this.#name = options.name;
    this.#metrics = options.metrics;
    this.#timers = options.timers;
    options.metrics.attach(options.name, {
      depth: () => this.length,
      processingSince: () => [...this.#processingSince.values()],
      now: () => this.#timers.now(),
    });
  }

  override add(key: K): void {
    if (!this.isShuttingDown && !this.#queuedAt.has(key)) {
      this.#queuedAt.set(key, this.#timers.now());
      this.#metrics.adds.inc({ name: this.#name });
    }
    super.add(key);
  }

  override addRateLimited(key: K): void {
    if (!this.isShuttingDown) this.#metrics.retries.inc({ name: this.#name });
    super.addRateLimited(key);
  }

  override async get(options: { urgentOnly?: boolean } = {}): Promise<K | undefined> {
    const key = await super.get(options);
    if (key === undefined) return undefined;
    const now = this.#timers.now();
    const queuedAt = this.#queuedAt.get(key);
    this.#queuedAt.delete(key);
    if (queuedAt !== undefined) this.#metrics.queueDuration.observe({ name: this.#name }, (now - queuedAt) / 1000);
    this.#processingSince.set(key, now);
    return key;
  }

  override done(key: K): void {
    const since = this.#processingSince.get(key);
    this.#processingSince.delete(key);
    if (since !== undefined)
      this.#metrics.workDuration.observe({ name: this.#name }, (this.#timers.now() - since) / 1000);
    super.done(key);
  }
}
