// A strict parser of the Prometheus text format 0.0.4, for tests: it rejects anything a
// Prometheus server would reject (bad names, bad escapes, samples before their TYPE, a family
// declared twice, duplicate series) and checks histogram invariants.

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, ParsedFamily>();
  const seriesSeen = new Set<string>();
  let current: ParsedFamily | undefined;
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line.startsWith('# HELP ')) {
      const rest = line.slice(7);
      const space = rest.indexOf(' ');
      const name = space < 0 ? rest : rest.slice(0, space);
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      if (families.has(name)) throw new Error(`${where}: family ${name} appears twice`);
      const help = space < 0 ? '' : unescapeHelp(rest.slice(space + 1), where);
      current = { name, help, type: 'untyped', samples: [] };
      families.set(name, current);
      return;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type, ...extra] = line.slice(7).split(' ');
      if (extra.length > 0 || name === undefined || type === undefined) throw new Error(`${where}: malformed TYPE`);
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type))
        throw new Error(`${where}: unknown type ${type}`);
      if (current?.name !== name || current.samples.length > 0 || current.type !== 'untyped')
        throw new Error(`${where}: TYPE must follow HELP of the same family, before its samples`);
      current.type = type;
      return;
    }
    if (line.startsWith('#') || line.trim() === '') throw new Error(`${where}: unexpected comment or blank line`);
    const sample = parseSample(line, where);
    if (current === undefined || !belongsTo(sample.name, current))
      throw new Error(`${where}: sample ${sample.name} is not part of the family declared before it`);
    const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seriesSeen.has(series)) throw new Error(`${where}: duplicate series`);
    seriesSeen.add(series);
    current.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function belongsTo(sampleName: string, family: ParsedFamily): boolean {
  if (family.type === 'histogram')
    return ['_bucket', '_sum', '_count'].some((suffix) => sampleName === family.name + suffix);
  return sampleName === family.name;
}

function parseSample(line: string, where: string): ParsedSample {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
  if (!match) throw new Error(`${where}: malformed sample`);
  const [, name = '', labelText, valueText = ''] = match;
  const value = parseValue(valueText, where);
  const labels: Record<string, string> = {};
  if (labelText !== undefined) {
    let rest = labelText.slice(1, -1);
    while (rest.length > 0) {
      const pair = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/.exec(rest);
      if (!pair) throw new Error(`${where}: malformed labels at ${JSON.stringify(rest)}`);
      const [whole, labelName = '', raw = ''] = pair;
      if (!LABEL.test(labelName) || labelName in labels)
        throw new Error(`${where}: bad or repeated label ${labelName}`);
      labels[labelName] = unescapeLabel(raw, where);
      rest = rest.slice(whole.length);
    }
  }
  return { name, labels, value };
}

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return Number.NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: bad value ${text}`);
  return Number(text);
}

function unescapeLabel(raw: string, where: string): string {
  return raw.replace(/\\(.)/g, (_, char: string) => {
    if (char === 'n') return '\n';
    if (char === '\\' || char === '"') return char;
    throw new Error(`${where}: bad escape \\${char} in a label value`);
  });
}

function unescapeHelp(raw: string, where: string): string {
  return raw.replace(/\\(.)/g, (_, char: string) => {
    if (char === 'n') return '\n';
    if (char === '\\') return char;
    throw new Error(`${where}: bad escape \\${char} in HELP`);
  });
}

function checkHistogram(family: ParsedFamily): void {
  const groups = new Map<string, ParsedSample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  for (const samples of groups.values()) {
    const buckets = samples.filter((sample) => sample.name.endsWith('_bucket'));
    const count = samples.find((sample) => sample.name.endsWith('_count'));
    if (!count || !samples.some((sample) => sample.name.endsWith('_sum')))
      throw new Error(`${family.name}: a series lacks _sum or _count`);
    const bounds = buckets.map((sample) => parseValue(sample.labels['le'] ?? 'x', family.name));
    if (bounds[bounds.length - 1] !== Infinity) throw new Error(`${family.name}: the last bucket must be le="+Inf"`);
    for (let i = 1; i < buckets.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${family.name}: bucket bounds must increase`);
      if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`${family.name}: buckets must be cumulative`);
    }
    if (buckets[buckets.length - 1]!.value !== count.value)
      throw new Error(`${family.name}: le="+Inf" must equal _count`);
  }
}
