import type { MetricView } from '../types.ts';
import { LineChart, type MarkKind, type Series } from './LineChart.tsx';
import { clockTime } from '../format.ts';
import { MeasurementStrip } from './MeasurementStrip.tsx';
import { conditionsOf, numericValues, thresholdsOf } from './scale.ts';

function markOf(kind: string): MarkKind {
  if (kind === 'success') return 'success';
  if (kind === 'failure') return 'failure';
  return 'other';
}

/**
 * A metric's measurements over time (in order when a measurement's time is unknown) against its conditions: one line per number a measurement
 * holds (`[0.97, 0.5]` draws two), threshold lines where a condition compares the result with a
 * number, a circle on a successful point and a cross on a failed one.
 */
export function MetricChart({ metric }: { metric: MetricView }) {
  const numbers = metric.measurements.map((measurement) => numericValues(measurement.value));
  const width = Math.max(0, ...numbers.map((values) => values.length));
  const conditions = conditionsOf(metric.settings);
  if (metric.measurements.length === 0)
    return (
      <p class="muted" data-testid="metric-chart-empty">
        No measurement yet.
      </p>
    );
  if (width === 0)
    return (
      <figure class="chart-figure" data-testid="metric-chart" data-metric={metric.name}>
        <MeasurementStrip metric={metric} />
        <figcaption>
          The values are not numbers; each measurement's outcome in order.{' '}
          {conditions.map((text) => (
            <code key={text}>{text}</code>
          ))}{' '}
          <span class="legend">● successful · ✕ failed · ■ other</span>
        </figcaption>
      </figure>
    );
  const marks = metric.measurements.map((measurement) => markOf(measurement.status.kind));
  const series: Series[] = Array.from({ length: width }, (_, index) => ({
    label: width === 1 ? metric.name : `${metric.name}[${index}]`,
    values: numbers.map((values) => values[index] ?? null),
    marks,
  }));
  const thresholds = thresholdsOf(metric.settings).map((threshold) => ({
    value: threshold.value,
    label: `${threshold.setting === 'successCondition' ? 'success' : 'failure'}: ${threshold.op} ${threshold.value}`,
    kind: threshold.setting === 'successCondition' ? ('success' as const) : ('failure' as const),
  }));
  const failed = marks.filter((mark) => mark === 'failure').length;
  const times = metric.measurements.map((measurement) => measurement.at);
  const timed = times.every((at): at is number => at !== undefined);
  const summary =
    `${metric.name}: ${metric.measurements.length} measurements, ${failed} failed; ` +
    `last value ${metric.measurements.at(-1)?.value ?? 'none'}` +
    (conditions.length > 0 ? `; ${conditions.join('; ')}` : '');
  return (
    <figure class="chart-figure" data-testid="metric-chart" data-metric={metric.name}>
      <LineChart
        xs={timed ? times : numbers.map((_, index) => index + 1)}
        xLabel={timed ? clockTime : (x) => `#${x}`}
        timeAxis={timed}
        series={series}
        yFormat={(y) => String(Number(y.toPrecision(4)))}
        thresholds={thresholds}
        summary={summary}
      />
      <figcaption>
        {conditions.length > 0 ? conditions.map((text) => <code key={text}>{text}</code>) : 'No condition set.'}{' '}
        <span class="legend">● successful · ✕ failed · ■ other</span>
      </figcaption>
    </figure>
  );
}
