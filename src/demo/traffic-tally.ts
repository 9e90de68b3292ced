// What the load generator saw, counted: the share of answers per color over the last seconds
// (what `while true; do curl | jq .color; done` shows by hand), per segment of the scenario (one
// per step or phase), and the failures. Pure: time comes with each sample and each question.

export interface Sample {
  /** Epoch ms when the request was sent. */
  sentAt: number;
  /** Epoch ms when the answer (or the failure) came. */
  at: number;
  /** The answer's color; undefined for a failure. */
  color?: string;
  /** Sent with `x-canary: true`. */
  header: boolean;
  /** Why the request failed (status or connection error); undefined when it succeeded. */
  failure?: string;
}

export interface ColorCounts {
  total: number;
  byColor: Record<string, number>;
  failed: number;
}

export interface Segment {
  label: string;
  from: number;
  to?: number;
  /** Requests without the header. */
  plain: ColorCounts;
  /** Requests with `x-canary: true`. */
  header: ColorCounts;
}

export interface Shares {
  plain: ColorCounts;
  header: ColorCounts;
}

const KEEP_MS = 10_000;

export function emptyCounts(): ColorCounts {
  return { total: 0, byColor: {}, failed: 0 };
}

function count(counts: ColorCounts, sample: Sample): void {
  counts.total++;
  if (sample.failure !== undefined || sample.color === undefined) counts.failed++;
  else counts.byColor[sample.color] = (counts.byColor[sample.color] ?? 0) + 1;
}

export class TrafficTally {
  readonly #recent: Sample[] = [];
  readonly #segments: Segment[] = [];
  readonly #firstFailures: string[] = [];
  readonly totals: Shares = { plain: emptyCounts(), header: emptyCounts() };

  add(sample: Sample): void {
    this.#recent.push(sample);
    while (this.#recent.length > 0 && (this.#recent[0]?.at ?? 0) < sample.at - KEEP_MS) this.#recent.shift();
    const which = sample.header ? 'header' : 'plain';
    count(this.totals[which], sample);
    const segment = this.#segments.at(-1);
    if (segment) count(segment[which], sample);
    if (sample.failure !== undefined && this.#firstFailures.length < 5) this.#firstFailures.push(sample.failure);
  }

  /** Answers that came in (now - ms, now]. */
  window(now: number, ms: number): Shares {
    const shares: Shares = { plain: emptyCounts(), header: emptyCounts() };
    for (const sample of this.#recent) {
      if (sample.at > now - ms && sample.at <= now) count(shares[sample.header ? 'header' : 'plain'], sample);
    }
    return shares;
  }

  /** Ends the current segment (if any) and starts a new one. */
  startSegment(label: string, now: number): void {
    const current = this.#segments.at(-1);
    if (current) current.to = now;
    this.#segments.push({ label, from: now, plain: emptyCounts(), header: emptyCounts() });
  }

  get segments(): readonly Segment[] {
    return this.#segments;
  }

  get failed(): number {
    return this.totals.plain.failed + this.totals.header.failed;
  }

  get total(): number {
    return this.totals.plain.total + this.totals.header.total;
  }

  /** The first few failures' reasons. */
  get firstFailures(): readonly string[] {
    return this.#firstFailures;
  }
}

/** Colors by share, largest first: [['red', 0.8], ['blue', 0.2]]. */
export function sharesOf(counts: ColorCounts): Array<[string, number]> {
  const answered = counts.total - counts.failed;
  if (answered === 0) return [];
  return Object.entries(counts.byColor)
    .map(([color, n]): [string, number] => [color, n / answered])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** `red 80% blue 20%`, or `no answers`. */
export function sharesText(counts: ColorCounts): string {
  const shares = sharesOf(counts);
  if (shares.length === 0) return 'no answers';
  return shares.map(([color, share]) => `${color} ${Math.round(share * 100)}%`).join(' ');
}
