import { useChartWidth } from './use-chart-width.ts';
import { type Extent, extentOf, linearScale, linePath, niceTicks, spread, timeTicks } from './scale.ts';

export type MarkKind = 'success' | 'failure' | 'other';

export interface Series {
  label: string;
  values: Array<number | null>;
  /** A mark per value: a circle for success, a cross for failure, a square otherwise. */
  marks?: Array<MarkKind | undefined>;
}

export interface ThresholdLine {
  value: number;
  label: string;
  kind: 'success' | 'failure';
}

const HEIGHT = 220;
const MARGIN = { left: 56, right: 16, top: 14, bottom: 30 };
/** Series styles (styles.css): a colour and a dash pattern each, so two series differ by more than colour. */
const STYLES = 4;

/**
 * A line chart as plain SVG: one line per series over shared x values, horizontal threshold lines,
 * and marks on the points. `summary` is its text alternative (the SVG's accessible name); the
 * caller shows the numbers as a table as well.
 */
export function LineChart({
  xs,
  xLabel,
  series,
  yFormat,
  thresholds = [],
  yDomain,
  summary,
  testId,
  timeAxis = false,
}: {
  xs: number[];
  xLabel: (x: number) => string;
  series: Series[];
  yFormat: (y: number) => string;
  thresholds?: ThresholdLine[];
  yDomain?: Extent;
  summary: string;
  testId?: string;
  /** The xs are times (epoch ms): ticks on round clock times instead of at sample points. */
  timeAxis?: boolean;
}) {
  const [ref, width] = useChartWidth();
  const data = extentOf([...series.flatMap((line) => line.values), ...thresholds.map((line) => line.value)]);
  const domain = niceDomain(yDomain ? (data ? merge(yDomain, data) : yDomain) : (data ?? { min: 0, max: 1 }));
  const ticks = niceTicks(domain, 5);
  const yExtent = { min: ticks[0]!, max: ticks[ticks.length - 1]! };
  const xExtent = extentOf(xs) ?? { min: 0, max: 1 };
  const x = linearScale(xExtent, MARGIN.left, width - MARGIN.right);
  const y = linearScale(yExtent, HEIGHT - MARGIN.bottom, MARGIN.top);
  const tickCount = Math.max(2, Math.min(6, Math.floor(width / 110)));
  const xTicks = timeAxis ? timeTicks(xExtent, tickCount) : spread(xs.length, tickCount).map((index) => xs[index]!);
  return (
    <div ref={ref} class="chart-box">
      <svg
        class="chart"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-label={summary}
        data-testid={testId}
        preserveAspectRatio="xMidYMid meet"
      >
        <g class="axis">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} class="grid" />
              <text x={MARGIN.left - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle">
                {yFormat(tick)}
              </text>
            </g>
          ))}
          {xTicks.map((tick) => (
            <text
              key={tick}
              x={x(tick)}
              y={HEIGHT - 8}
              text-anchor={anchorAt(x(tick), MARGIN.left, width - MARGIN.right)}
            >
              {xLabel(tick)}
            </text>
          ))}
        </g>
        {thresholds.map((line) => (
          <g key={`${line.kind}-${line.value}`} class={`threshold threshold-${line.kind}`}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(line.value)} y2={y(line.value)} />
            <text x={width - MARGIN.right - 4} y={y(line.value) - 4} text-anchor="end">
              {line.label}
            </text>
          </g>
        ))}
        {series.map((line, index) => (
          <g key={line.label} class={`series series-${index % STYLES}`}>
            <path
              d={linePath(
                line.values.map((value, at) => ({ x: x(xs[at] ?? at), y: value === null ? null : y(value) })),
              )}
            />
            {line.values.map((value, at) =>
              value === null ? null : (
                <Mark
                  key={at}
                  kind={line.marks?.[at]}
                  cx={x(xs[at] ?? at)}
                  cy={y(value)}
                  title={`${xLabel(xs[at] ?? at)}: ${yFormat(value)}${line.marks?.[at] ? ` (${line.marks[at]})` : ''}`}
                />
              ),
            )}
          </g>
        ))}
      </svg>
    </div>
  );
}

/** A label near an end of the axis starts or ends at its point, so it is not cut off. */
function anchorAt(at: number, left: number, right: number): 'start' | 'middle' | 'end' {
  if (at - left < 30) return 'start';
  if (right - at < 30) return 'end';
  return 'middle';
}

function Mark({ kind, cx, cy, title }: { kind: MarkKind | undefined; cx: number; cy: number; title: string }) {
  // A mark's title is what a pointer shows over it; the chart's summary and table say the same in words.
  const tip = <title>{title}</title>;
  if (kind === 'failure')
    return (
      <path
        class="mark mark-failure"
        d={`M${cx - 4} ${cy - 4} L${cx + 4} ${cy + 4} M${cx - 4} ${cy + 4} L${cx + 4} ${cy - 4}`}
      >
        {tip}
      </path>
    );
  if (kind === 'success')
    return (
      <circle class="mark mark-success" cx={cx} cy={cy} r={3.5}>
        {tip}
      </circle>
    );
  if (kind === 'other')
    return (
      <rect class="mark mark-other" x={cx - 3} y={cy - 3} width={6} height={6}>
        {tip}
      </rect>
    );
  return null;
}

function merge(a: Extent, b: Extent): Extent {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/** A flat domain gets room around it, so its line is not on the frame. */
function niceDomain(domain: Extent): Extent {
  if (domain.min !== domain.max) return domain;
  const pad = domain.min === 0 ? 1 : Math.abs(domain.min) * 0.1;
  return { min: domain.min - pad, max: domain.max + pad };
}
