// Prometheus text exposition format 0.0.4: metric families rendered as `# HELP`, `# TYPE` and
// one line per sample, with label values and help text escaped as the format requires. The
// controller renders families; the local mesh, which keeps its series' label text ready, writes its
// lines with labelText and formatValue.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** The family name, or the family name with a suffix (`_bucket`, `_sum`, `_count`). */
  name: string;
  labels: Labels;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isValidMetricName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

export function isValidLabelName(name: string): boolean {
  return LABEL_PATTERN.test(name) && !name.startsWith('__');
}

const NEEDS_ESCAPE = /[\\\n"]/;

export function escapeLabelValue(value: string): string {
  // Most values need nothing: testing first spares three replaces per label on a large scrape.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** The inside of a sample's braces for label names and values given apart (no braces): `a="1",b="2"`. */
export function labelText(names: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let i = 0; i < names.length; i++) text += `${i ? ',' : ''}${names[i]}="${escapeLabelValue(values[i] ?? '')}"`;
  return text;
}

/** A sample's labels as they follow its name: `{a="1",b="2"}`, or '' for none. */
export function renderLabels(labels: Labels): string {
  let text = '';
  for (const name in labels) text += `${text === '' ? '{' : ','}${name}="${escapeLabelValue(labels[name]!)}"`;
  return text === '' ? '' : `${text}}`;
}
const labelsText = renderLabels;

/**
 * A family that writes its own sample lines, in the order and form renderExposition gives its
 * samples: for the families of a large page (a series per rollout), which so make no Sample object
 * and no label object per line, and escape each series' labels once, not at every scrape.
 */
export interface LineFamily {
  name: string;
  help: string;
  type: MetricType;
  /** Appends one line per sample, `name{labels} value`, without the newline. */
  writeLines(lines: string[]): void;
}

/**
 * The page of `families` (samples or lines), those of the same name merged as mergeFamilies does:
 * the same text as renderExposition(mergeFamilies(...)) of the same samples. The lines are joined
 * once at the end rather than appended to one string.
 */
export function renderPage(families: ReadonlyArray<MetricFamily | LineFamily>): string {
  const byName = new Map<string, Array<MetricFamily | LineFamily>>();
  for (const family of families) {
    const same = byName.get(family.name);
    if (same === undefined) byName.set(family.name, [family]);
    else if (same[0]!.type !== family.type)
      throw new Error(`metric ${family.name} is registered as both ${same[0]!.type} and ${family.type}`);
    else same.push(family);
  }
  const lines: string[] = [];
  for (const same of byName.values()) {
    const { name, help, type } = same[0]!;
    lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    for (const family of same) {
      if ('writeLines' in family) family.writeLines(lines);
      else
        for (const sample of family.samples)
          lines.push(`${sample.name}${labelsText(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** Renders the families in the order given; a family without samples still gets its HELP and TYPE. */
export function renderExposition(families: readonly MetricFamily[]): string {
  let text = '';
  for (const family of families) {
    text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples)
      text += `${sample.name}${labelsText(sample.labels)} ${formatValue(sample.value)}\n`;
  }
  return text;
}

/** Merges families of the same name (several sources may add to one family), keeping first-seen order. */
export function mergeFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const family of families) {
    const existing = byName.get(family.name);
    if (existing === undefined) byName.set(family.name, { ...family, samples: [...family.samples] });
    else if (existing.type !== family.type)
      throw new Error(`metric ${family.name} is registered as both ${existing.type} and ${family.type}`);
    else existing.samples.push(...family.samples);
  }
  return [...byName.values()];
}
