// Labelled counters, gauges and histograms kept in memory and collected at scrape time. Each
// instrument has a fixed list of label names; values are given by name and always rendered in
// that order, so every sample of a family has the same label set.
import {
  formatValue,
  isValidLabelName,
  isValidMetricName,
  renderLabels,
  type Labels,
  type LineFamily,
  type MetricFamily,
  type Sample,
} from '../../../platform/prometheus/exposition.ts';

export interface InstrumentOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

abstract class Instrument<V> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /**
   * Each series with its labels rendered once (`text`, as they follow the name on a page), which is
   * also its key: the labels in a fixed order, escaped, name one series only. A second key string
   * per series (the values as JSON) took 8 MB at 10,000 rollouts (130,000 series).
   */
  protected readonly series = new Map<string, { labels: Labels; value: V; text: string }>();

  constructor(options: InstrumentOptions) {
    if (!isValidMetricName(options.name)) throw new Error(`"${options.name}" is not a valid Prometheus metric name`);
    const labelNames = options.labelNames ?? [];
    for (const label of labelNames) {
      if (!isValidLabelName(label)) throw new Error(`metric ${options.name}: "${label}" is not a valid label name`);
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = labelNames;
  }

  /** Forgets the series with exactly these labels (an object that was deleted). */
  remove(labels: Labels = {}): void {
    this.series.delete(this.keyOf(this.ordered(labels)));
  }

  /** Forgets every series whose labels include all of `match` (e.g. { namespace, name }). */
  removeMatching(match: Labels): void {
    for (const [key, entry] of this.series) {
      if (Object.entries(match).every(([name, value]) => entry.labels[name] === value)) this.series.delete(key);
    }
  }

  get seriesCount(): number {
    return this.series.size;
  }

  protected entry(labels: Labels, initial: () => V): { labels: Labels; value: V } {
    const ordered = this.ordered(labels);
    const key = this.keyOf(ordered);
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { labels: ordered, value: initial(), text: key };
      this.series.set(key, entry);
    }
    return entry;
  }

  protected ordered(labels: Labels): Labels {
    const extra = Object.keys(labels).filter((name) => !this.labelNames.includes(name));
    if (extra.length > 0)
      throw new Error(
        `metric ${this.name} has no label ${extra.join(', ')}; its labels are ${this.labelNames.join(', ') || '(none)'}`,
      );
    const ordered: Record<string, string> = {};
    for (const name of this.labelNames) ordered[name] = labels[name] ?? '';
    return ordered;
  }

  /** The series' key: its labels (in the instrument's order) as rendered on a page. */
  protected keyOf(labels: Labels): string {
    return renderLabels(labels);
  }

  abstract collect(): MetricFamily;

  /** The family as lines (renderPage): the same text as collect() renders to. */
  abstract lines(): LineFamily;

  protected valueLines(type: 'counter' | 'gauge'): LineFamily {
    const series = this.series as Map<string, { value: number; text: string }>;
    return {
      name: this.name,
      help: this.help,
      type,
      writeLines: (lines) => {
        for (const { text, value } of series.values()) lines.push(`${this.name}${text} ${formatValue(value)}`);
      },
    };
  }
}

export class Counter extends Instrument<number> {
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    this.entry(labels, () => 0).value += by;
  }

  get(labels: Labels = {}): number {
    return this.series.get(this.keyOf(this.ordered(labels)))?.value ?? 0;
  }

  collect(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'counter',
      samples: [...this.series.values()].map(({ labels, value }) => ({ name: this.name, labels, value })),
    };
  }

  lines(): LineFamily {
    return this.valueLines('counter');
  }
}

export class Gauge extends Instrument<number> {
  set(labels: Labels, value: number): void {
    this.entry(labels, () => 0).value = value;
  }

  collect(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'gauge',
      samples: [...this.series.values()].map(({ labels, value }) => ({ name: this.name, labels, value })),
    };
  }

  lines(): LineFamily {
    return this.valueLines('gauge');
  }
}

interface HistogramState {
  /** Non-cumulative counts per bucket; rendered cumulatively. */
  buckets: number[];
  sum: number;
  count: number;
}

export class Histogram extends Instrument<HistogramState> {
  readonly buckets: readonly number[];

  constructor(options: InstrumentOptions & { buckets: readonly number[] }) {
    super(options);
    if (this.labelNames.includes('le')) throw new Error(`histogram ${options.name} cannot have a label named "le"`);
    const sorted = [...options.buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((bound, i) => i > 0 && bound === sorted[i - 1])) {
      throw new Error(`histogram ${options.name} needs distinct bucket bounds`);
    }
    this.buckets = sorted;
  }

  observe(labels: Labels, value: number): void {
    const state = this.entry(labels, () => ({ buckets: this.buckets.map(() => 0), sum: 0, count: 0 })).value;
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) state.buckets[index] = (state.buckets[index] ?? 0) + 1;
    state.sum += value;
    state.count += 1;
  }

  /** Observation count of a series (for tests and reports). */
  count(labels: Labels = {}): number {
    return this.series.get(this.keyOf(this.ordered(labels)))?.value.count ?? 0;
  }

  collect(): MetricFamily {
    const samples: Sample[] = [];
    for (const { labels, value } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += value.buckets[i] ?? 0;
        samples.push({ name: `${this.name}_bucket`, labels: { ...labels, le: String(bound) }, value: cumulative });
      });
      samples.push({ name: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: value.count });
      samples.push({ name: `${this.name}_sum`, labels, value: value.sum });
      samples.push({ name: `${this.name}_count`, labels, value: value.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', samples };
  }

  lines(): LineFamily {
    const bounds = this.buckets.map(String);
    return {
      name: this.name,
      help: this.help,
      type: 'histogram',
      writeLines: (lines) => {
        const bucket = `${this.name}_bucket`;
        for (const { text, value } of this.series.values()) {
          // The series' labels with le after them: `{a="1",le="0.5"}`.
          const open = text === '' ? '{' : `${text.slice(0, -1)},`;
          let cumulative = 0;
          for (let i = 0; i < bounds.length; i++) {
            cumulative += value.buckets[i] ?? 0;
            lines.push(`${bucket}${open}le="${bounds[i]}"} ${formatValue(cumulative)}`);
          }
          lines.push(`${bucket}${open}le="+Inf"} ${formatValue(value.count)}`);
          lines.push(`${this.name}_sum${text} ${formatValue(value.sum)}`);
          lines.push(`${this.name}_count${text} ${formatValue(value.count)}`);
        }
      },
    };
  }
}
