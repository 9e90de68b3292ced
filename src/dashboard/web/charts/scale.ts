// Pure arithmetic of the SVG charts: scales, tick values, line paths, and reading the numbers
// and thresholds out of analysis measurements and conditions.

export interface Extent {
  min: number;
  max: number;
}

/** The smallest and largest finite value; undefined when there is none. */
export function extentOf(values: Iterable<number | null | undefined>): Extent | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : undefined;
}

/** Maps [domain.min, domain.max] onto [from, to] (to < from for a y axis); a flat domain maps to the middle. */
export function linearScale(domain: Extent, from: number, to: number): (value: number) => number {
  const span = domain.max - domain.min;
  if (span === 0) return () => (from + to) / 2;
  return (value) => from + ((value - domain.min) / span) * (to - from);
}

/**
 * Round tick values covering the extent (1, 2, 2.5 or 5 times a power of ten apart), about `count` of
 * them; the first is at or below min and the last at or above max.
 */
export function niceTicks(extent: Extent, count = 5): number[] {
  let { min, max } = extent;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let index = 0; index <= 50; index++) {
    const value = Number((first + index * step).toPrecision(12));
    ticks.push(value);
    if (value >= max - step * 1e-9 && ticks.length >= 2) break;
  }
  return ticks;
}

/**
 * An SVG path through the points, in order; a null y breaks the line (an unknown sample is a gap,
 * not a zero). '' when no point is known.
 */
export function linePath(points: Array<{ x: number; y: number | null }>): string {
  const parts: string[] = [];
  let drawing = false;
  for (const point of points) {
    if (point.y === null || !Number.isFinite(point.y)) {
      drawing = false;
      continue;
    }
    parts.push(`${drawing ? 'L' : 'M'}${round(point.x)} ${round(point.y)}`);
    drawing = true;
  }
  return parts.join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The numbers in a measurement's value as the analysis stored it: `0.97`, `[0.97]`,
 * `[0.97, 0.5]`, `{"a": 1}` gives its numeric leaves in order; anything else gives none.
 */
export function numericValues(value: string): number[] {
  const text = value.trim();
  if (text === '') return [];
  const direct = Number(text);
  if (Number.isFinite(direct)) return [direct];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: number[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'number' && Number.isFinite(node)) found.push(node);
    else if (typeof node === 'string' && node.trim() !== '' && Number.isFinite(Number(node))) found.push(Number(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(parsed);
  return found;
}

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** `successCondition` or `failureCondition`. */
  setting: string;
  /** The condition as written. */
  text: string;
  /** result OP value, with the result on the left. */
  op: Comparison;
  value: number;
}

const FLIP: Record<Comparison, Comparison> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const RESULT = String.raw`(?:result|asFloat\(result\))(?:\[0\])?`;
const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:e-?\d+)?)`;
const OP = '(<=|>=|==|!=|<|>)';
const RESULT_FIRST = new RegExp(String.raw`^\s*${RESULT}\s*${OP}\s*${NUMBER}\s*$`);
const NUMBER_FIRST = new RegExp(String.raw`^\s*${NUMBER}\s*${OP}\s*${RESULT}\s*$`);

/**
 * The thresholds a chart can draw from a metric's settings (`successCondition: result[0] >= 0.95`):
 * conditions that compare the (first) result with a number. Others (`len(result) > 0 && ...`)
 * are not drawn; the chart shows their text.
 */
export function thresholdsOf(settings: string[]): Threshold[] {
  const thresholds: Threshold[] = [];
  for (const setting of settings) {
    const match = /^(successCondition|failureCondition): (.*)$/.exec(setting);
    if (!match) continue;
    const name = match[1]!;
    const text = match[2]!;
    const resultFirst = RESULT_FIRST.exec(text);
    if (resultFirst)
      thresholds.push({ setting: name, text, op: resultFirst[1] as Comparison, value: Number(resultFirst[2]) });
    const numberFirst = NUMBER_FIRST.exec(text);
    if (numberFirst)
      thresholds.push({ setting: name, text, op: FLIP[numberFirst[2] as Comparison], value: Number(numberFirst[1]) });
  }
  return thresholds;
}

/** The condition texts of a metric's settings (`successCondition: ...`), for the chart's caption. */
export function conditionsOf(settings: string[]): string[] {
  return settings.filter((setting) => /^(successCondition|failureCondition): /.test(setting));
}

/** At most `count` indexes spread evenly over 0..length-1, both ends included (where axis labels go). */
export function spread(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, index) => index);
  if (count < 2) return [0];
  const step = (length - 1) / (count - 1);
  return Array.from({ length: count }, (_, index) => Math.round(index * step));
}

/** The last known value of a series; undefined when none is known. */
export function latestOf(values: Array<number | null>): number | undefined {
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (value !== null && value !== undefined && Number.isFinite(value)) return value;
  }
  return undefined;
}

const SECOND = 1000;
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
  (seconds) => seconds * SECOND,
);

/**
 * Tick times (epoch ms) on round clock values inside the extent: every 5 s, 30 s, 1 min, 5 min, ...,
 * the finest step that gives at most `count` ticks.
 */
export function timeTicks(extent: Extent, count: number): number[] {
  const span = extent.max - extent.min;
  if (span <= 0 || count < 1) return [extent.min];
  const step = TIME_STEPS.find((candidate) => span / candidate <= count) ?? TIME_STEPS.at(-1)!;
  const ticks: number[] = [];
  for (let tick = Math.ceil(extent.min / step) * step; tick <= extent.max; tick += step) ticks.push(tick);
  return ticks;
}
