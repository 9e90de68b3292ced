import type { TrafficSeries } from '../../contract.ts';
import { clockTime, formatPercent, formatRate } from '../format.ts';
import { LineChart } from './LineChart.tsx';
import { latestOf } from './scale.ts';

/** Requests per second and the share of errors per version over time, with the latest values as a table. */
export function TrafficChart({ series }: { series: TrafficSeries }) {
  const { times, versions } = series;
  const lines = (pick: 'requestsPerSecond' | 'errorRate') =>
    versions.map((version) => ({ label: version.label, values: version[pick] }));
  const latest = versions.map((version) => ({
    label: version.label,
    rate: latestOf(version.requestsPerSecond),
    errors: latestOf(version.errorRate),
  }));
  const total = latest.reduce((sum, version) => sum + (version.rate ?? 0), 0);
  const shareOf = (rate: number | undefined) => (rate === undefined || total === 0 ? '-' : formatPercent(rate / total));
  const describe = (pick: 'rate' | 'errors', format: (value: number) => string) =>
    latest
      .map((version) => `${version.label} ${version[pick] === undefined ? 'unknown' : format(version[pick])}`)
      .join(', ');
  return (
    <>
      {series.source && <p class="muted small">From the {series.source}.</p>}
      <div class="chart-pair">
        <figure class="chart-figure" data-testid="traffic-rate-chart">
          <figcaption>Requests per second</figcaption>
          <LineChart
            xs={times}
            xLabel={clockTime}
            timeAxis
            series={lines('requestsPerSecond')}
            yFormat={formatRate}
            yDomain={{ min: 0, max: 1 }}
            summary={`Requests per second by version, latest: ${describe('rate', formatRate)}`}
          />
        </figure>
        <figure class="chart-figure" data-testid="traffic-error-chart">
          <figcaption>Share of errors</figcaption>
          <LineChart
            xs={times}
            xLabel={clockTime}
            timeAxis
            series={lines('errorRate')}
            yFormat={formatPercent}
            yDomain={{ min: 0, max: 0.05 }}
            summary={`Share of errors by version, latest: ${describe('errors', formatPercent)}`}
          />
        </figure>
      </div>
      <ul class="legend-list">
        {versions.map((version, index) => (
          <li key={version.podTemplateHash || version.label}>
            <svg width="28" height="10" aria-hidden="true" class={`series series-${index % 4}`}>
              <path d="M0 5 L28 5" />
            </svg>{' '}
            {version.label}
          </li>
        ))}
      </ul>
      <div class="scroll">
        <table class="table" data-testid="traffic-table">
          <caption>Latest sample per version</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Requests per second</th>
              <th scope="col">Share of requests</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {latest.map((version) => (
              <tr key={version.label}>
                <th scope="row">{version.label}</th>
                <td>{version.rate === undefined ? '-' : formatRate(version.rate)}</td>
                <td data-testid="traffic-share">{shareOf(version.rate)}</td>
                <td>{version.errors === undefined ? '-' : formatPercent(version.errors)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
