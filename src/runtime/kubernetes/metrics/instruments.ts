// Labelled counters, gauges and histograms kept in memory and collected at scrape time. Each
// instrument has a fixed list of label names; values are given by name and always rendered in
// that order, so every sample of a family has the same label set.
import {
  escapeLabelValue,
  formatValue,
  isValidLabelName,
  isValidMetricName,
  renderLabels,
  type Labels,
  type LineFamily,
  type MetricFamily,
  type Sample,
} from '../../../platform/prometheus/exposition.ts';
import { SharedLabelTexts } from './shared-label-texts.ts';

export interface InstrumentOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
  /**
   * How many of the first labels name the object a series is of (2 for namespace and name). Their
   * text is then kept once per object (in `texts`, shared with the other instruments given the same
   * table) and the text of the labels after them once per distinct value (in the instrument's own
   * table), instead of a whole label text per series: 13 series per rollout, 130,000 at 10,000
   * rollouts, each held its own copy of `{namespace="…",name="…"`. Worth it only where an object has
   * several series (not for controller_clientset_k8s_request_total, one per object or so).
   */
  objectLabels?: number;
  texts?: SharedLabelTexts;
}

interface Series<V> {
  /** Its labels; undefined with objectLabels, where the two shared texts keep them (labelsOf). */
  labels: Labels | undefined;
  value: V;
  /** The series' rendered labels are `head + tail`: with objectLabels shared texts, else head alone. */
  head: string;
  tail: string;
}

abstract class Instrument<V> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /**
   * Each series by its key, in the order they came (the page's order). Without objectLabels the key
   * is the series' rendered labels (`head`, as they follow the name on a page): the labels in a
   * fixed order, escaped, name one series only (a second key string per series, the values as
   * JSON, took 8 MB at 10,000 rollouts). With objectLabels it is a number made of the ids of its two
   * shared texts, so no string is the series' own.
   */
  protected readonly series = new Map<string | number, Series<V>>();
  readonly #objectLabels: number;
  readonly #heads: SharedLabelTexts | undefined;
  readonly #tails = new SharedLabelTexts();

  constructor(options: InstrumentOptions) {
    if (!isValidMetricName(options.name)) throw new Error(`"${options.name}" is not a valid Prometheus metric name`);
    const labelNames = options.labelNames ?? [];
    for (const label of labelNames) {
      if (!isValidLabelName(label)) throw new Error(`metric ${options.name}: "${label}" is not a valid label name`);
    }
    const objectLabels = options.objectLabels ?? 0;
    if (!Number.isInteger(objectLabels) || objectLabels < 0 || objectLabels > labelNames.length)
      throw new Error(
        `metric ${options.name}: objectLabels must be a whole number from 0 to its ${labelNames.length} labels, not ${objectLabels}`,
      );
    this.name = options.name;
    this.help = options.help;
    this.labelNames = labelNames;
    this.#objectLabels = objectLabels;
    this.#heads = objectLabels > 0 ? (options.texts ?? new SharedLabelTexts()) : undefined;
  }

  /** Forgets the series with exactly these labels (an object that was deleted). */
  remove(labels: Labels = {}): void {
    const key = this.#find(this.#texts(this.ordered(labels)));
    if (key !== undefined) this.#delete(key);
  }

  /** Forgets every series whose labels include all of `match` (e.g. { namespace, name }). */
  removeMatching(match: Labels): void {
    const wanted = Object.entries(match);
    const heads = this.#heads;
    if (heads !== undefined && wanted.length === this.#objectLabels && this.#namesObject(match)) {
      // The object's series (a deleted rollout's): those holding its text, found by identity.
      const id = heads.idOf(this.#texts(this.ordered(match)).head);
      if (id === undefined) return;
      const head = heads.textOf(id);
      for (const [key, entry] of this.series) if (entry.head === head) this.#delete(key);
      return;
    }
    for (const [key, entry] of this.series) {
      if (wanted.every(([name, value]) => this.#labelOf(entry, name) === value)) this.#delete(key);
    }
  }

  get seriesCount(): number {
    return this.series.size;
  }

  protected entry(labels: Labels, initial: () => V): Series<V> {
    const ordered = this.ordered(labels);
    const texts = this.#texts(ordered);
    const key = this.#find(texts);
    const found = key === undefined ? undefined : this.series.get(key);
    if (found !== undefined) return found;
    if (this.#heads === undefined) {
      const entry = { labels: ordered, value: initial(), head: texts.head, tail: '' };
      this.series.set(texts.head, entry);
      return entry;
    }
    const split = this.#objectLabels;
    const headId = this.#heads.take(texts.head, () => pick(ordered, this.labelNames.slice(0, split)));
    const tailId = this.#tails.take(texts.tail, () => pick(ordered, this.labelNames.slice(split)));
    const entry = {
      labels: undefined,
      value: initial(),
      head: this.#heads.textOf(headId),
      tail: this.#tails.textOf(tailId),
    };
    this.series.set(seriesKey(headId, tailId), entry);
    return entry;
  }

  /** True when `match` gives exactly the labels that name the object (objectLabels). */
  #namesObject(match: Labels): boolean {
    for (let i = 0; i < this.#objectLabels; i++) if (!(this.labelNames[i]! in match)) return false;
    return true;
  }

  /** The labels of a series, in the instrument's order. */
  protected labelsOf(entry: Series<V>): Labels {
    if (entry.labels !== undefined) return entry.labels;
    const heads = this.#heads!;
    return { ...heads.labelsOf(heads.idOf(entry.head)!), ...this.#tails.labelsOf(this.#tails.idOf(entry.tail)!) };
  }

  #labelOf(entry: Series<V>, name: string): string | undefined {
    if (entry.labels !== undefined) return entry.labels[name];
    const heads = this.#heads!;
    return heads.labelsOf(heads.idOf(entry.head)!)[name] ?? this.#tails.labelsOf(this.#tails.idOf(entry.tail)!)[name];
  }

  /** The series with these (ordered) labels, or undefined. */
  protected lookup(labels: Labels): Series<V> | undefined {
    const key = this.#find(this.#texts(this.ordered(labels)));
    return key === undefined ? undefined : this.series.get(key);
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

  /** The labels (in the instrument's order) as rendered on a page, in two parts with objectLabels. */
  #texts(labels: Labels): { head: string; tail: string } {
    if (this.#heads === undefined) return { head: renderLabels(labels), tail: '' };
    const parts: string[] = [];
    for (const name in labels) parts.push(`${name}="${escapeLabelValue(labels[name]!)}"`);
    // Joined, not appended: each text is one flat string, not a rope of its pieces.
    const head = ['{', parts.slice(0, this.#objectLabels).join(',')].join('');
    const rest = parts.slice(this.#objectLabels);
    const tail = rest.length === 0 ? '}' : [',', rest.join(','), '}'].join('');
    return { head, tail };
  }

  /** The key of the series with these texts, if it exists. */
  #find(texts: { head: string; tail: string }): string | number | undefined {
    if (this.#heads === undefined) return texts.head;
    const headId = this.#heads.idOf(texts.head);
    const tailId = this.#tails.idOf(texts.tail);
    return headId === undefined || tailId === undefined ? undefined : seriesKey(headId, tailId);
  }

  #delete(key: string | number): void {
    const entry = this.series.get(key);
    if (entry === undefined) return;
    this.series.delete(key);
    if (this.#heads === undefined) return;
    this.#heads.release(this.#heads.idOf(entry.head)!);
    this.#tails.release(this.#tails.idOf(entry.tail)!);
  }

  abstract collect(): MetricFamily;

  /** The family as lines (renderPage): the same text as collect() renders to. */
  abstract lines(): LineFamily;

  protected valueLines(type: 'counter' | 'gauge'): LineFamily {
    // Only counters and gauges call this, whose V is number; the base class cannot name that bound.
    const series = this.series as unknown as Map<string | number, Series<number>>;
    return {
      name: this.name,
      help: this.help,
      type,
      writeLines: (lines) => {
        for (const { head, tail, value } of series.values())
          lines.push(`${this.name}${head}${tail} ${formatValue(value)}`);
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
    return this.lookup(labels)?.value ?? 0;
  }

  collect(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'counter',
      samples: [...this.series.values()].map((entry) => ({
        name: this.name,
        labels: this.labelsOf(entry),
        value: entry.value,
      })),
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
      samples: [...this.series.values()].map((entry) => ({
        name: this.name,
        labels: this.labelsOf(entry),
        value: entry.value,
      })),
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
    return this.lookup(labels)?.value.count ?? 0;
  }

  collect(): MetricFamily {
    const samples: Sample[] = [];
    for (const entry of this.series.values()) {
      const { value } = entry;
      const labels = this.labelsOf(entry);
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
        for (const { head, tail, value } of this.series.values()) {
          // The series' labels with le after them: `{a="1",le="0.5"}` (the text is head + tail; with
          // no tail, the head is all of it, and either may be '').
          const open = tail !== '' ? `${head}${tail.slice(0, -1)},` : head === '' ? '{' : `${head.slice(0, -1)},`;
          let cumulative = 0;
          for (let i = 0; i < bounds.length; i++) {
            cumulative += value.buckets[i] ?? 0;
            lines.push(`${bucket}${open}le="${bounds[i]}"} ${formatValue(cumulative)}`);
          }
          lines.push(`${bucket}${open}le="+Inf"} ${formatValue(value.count)}`);
          lines.push(`${this.name}_sum${head}${tail} ${formatValue(value.sum)}`);
          lines.push(`${this.name}_count${head}${tail} ${formatValue(value.count)}`);
        }
      },
    };
  }
}

/**
 * The key of the series made of texts `headId` and `tailId`: a distinct number for each pair
 * (Cantor's pairing), a small integer (no heap number) while the ids are in the tens of thousands.
 */
function seriesKey(headId: number, tailId: number): number {
  const sum = headId + tailId;
  return (sum * (sum + 1)) / 2 + tailId;
}

/** The values of `names` in `labels`, in that order. */
function pick(labels: Labels, names: readonly string[]): Labels {
  const picked: Record<string, string> = {};
  for (const name of names) picked[name] = labels[name] ?? '';
  return picked;
}
