import type { MetricView } from '../types.ts';
import { useChartWidth } from './use-chart-width.ts';

const HEIGHT = 44;
const LEFT = 16;
const RIGHT = 16;
const Y = 18;

/**
 * The outcome of each measurement in order, for a metric whose values are not numbers (`"ok"`):
 * a circle for a success, a cross for a failure, a square for anything else.
 */
export function MeasurementStrip({ metric }: { metric: MetricView }) {
  const [ref, width] = useChartWidth();
  const count = metric.measurements.length;
  const step = count > 1 ? Math.min(28, (width - LEFT - RIGHT) / (count - 1)) : 0;
  const kinds = metric.measurements.map((measurement) => measurement.status.kind);
  const failed = kinds.filter((kind) => kind === 'failure').length;
  const successful = kinds.filter((kind) => kind === 'success').length;
  const summary = `${metric.name}: ${count} measurements in order, ${successful} successful, ${failed} failed; last value ${metric.measurements.at(-1)?.value ?? 'none'}`;
  return (
    <div ref={ref} class="chart-box">
      <svg
        class="chart"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-label={summary}
        data-testid="measurement-strip"
      >
        <line class="grid" x1={LEFT} x2={LEFT + step * Math.max(0, count - 1)} y1={Y} y2={Y} />
        {kinds.map((kind, index) => {
          const x = LEFT + index * step;
          return (
            <g key={index} class="series series-0">
              {mark(kind, x)}
            </g>
          );
        })}
        <text x={LEFT} y={HEIGHT - 4}>
          #1
        </text>
        {count > 1 && (
          <text x={LEFT + step * (count - 1)} y={HEIGHT - 4} text-anchor="middle">
            #{count}
          </text>
        )}
      </svg>
    </div>
  );
}

function mark(kind: string, x: number) {
  if (kind === 'failure')
    return (
      <path
        class="mark mark-failure"
        d={`M${x - 5} ${Y - 5} L${x + 5} ${Y + 5} M${x - 5} ${Y + 5} L${x + 5} ${Y - 5}`}
      />
    );
  if (kind === 'success') return <circle class="mark mark-success" cx={x} cy={Y} r={5} />;
  return <rect class="mark mark-other" x={x - 4} y={Y - 4} width={8} height={8} />;
}
