import type { MetricView } from '../types.ts';
import { MetricChart } from '../charts/MetricChart.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** One metric of an analysis run: its settings, its chart, and its measurements as a table. */
export function MetricPanel({ metric }: { metric: MetricView }) {
  const id = `metric-${metric.name.replace(/[^\w-]/g, '_')}`;
  return (
    <section class="panel metric" aria-labelledby={id} data-testid="metric" data-metric={metric.name}>
      <h2 id={id}>
        {metric.name} <StatusBadge status={metric.status} />
        {metric.dryRun && <span class="tag">dry run</span>}
      </h2>
      <p class="muted small">
        {metric.provider} · {metric.counts.count} measured · {metric.counts.successful} successful ·{' '}
        {metric.counts.failed} failed · {metric.counts.inconclusive} inconclusive · {metric.counts.error} errors
        {metric.message ? ` · ${metric.message}` : ''}
      </p>
      {metric.settings.length > 0 && (
        <ul class="settings">
          {metric.settings.map((setting) => (
            <li key={setting}>
              <code>{setting}</code>
            </li>
          ))}
        </ul>
      )}
      <MetricChart metric={metric} />
      {metric.measurements.length > 0 && (
        <div class="scroll">
          <table class="table" data-testid="measurements">
            <caption>Measurements of {metric.name}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Status</th>
                <th scope="col">Value</th>
                <th scope="col">Started</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {metric.measurements.map((measurement, index) => (
                <tr key={index}>
                  <td>{index + 1}</td>
                  <td>
                    <StatusBadge status={measurement.status} />
                  </td>
                  <td>
                    <code>{measurement.value || '-'}</code>
                  </td>
                  <td>{measurement.startedAgo ? `${measurement.startedAgo} ago` : '-'}</td>
                  <td>{measurement.message || measurement.job || ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
