// The prometheus provider: an instant query (/api/v1/query) or a range query
// (/api/v1/query_range) against the metric's address, with its headers, authentication,
// timeout (seconds, 30 by default, as Argo) and insecure TLS.
import type { Measurement, Metric, PrometheusMetric } from '../../../api/types/analysis.ts';
import { DurationError, parseGoDuration } from '../../../api/duration.ts';
import { authenticationHeaders } from '../http/authentication.ts';
import { httpRequest } from '../../../platform/http/request.ts';
import { headerRecord } from '../http/headers.ts';
import {
  errorReport,
  messageOf,
  stoppedAtOnce,
  type MeasureContext,
  type MeasurementReport,
  type MetricProvider,
} from '../provider.ts';
import { PrometheusResponseError, readPrometheusAnswer } from './response.ts';
import { evaluateTimeExpression } from './time-expression.ts';
import type { WebRoute } from '../web/provider.ts';

export const DEFAULT_PROMETHEUS_TIMEOUT_SECONDS = 30;

export interface PrometheusProviderOptions {
  /** Used when a metric gives no address (the runtime's configured Prometheus). */
  defaultAddress?: string;
  /** Where a URL is sent instead (the local runtime's mesh for a Prometheus named by a cluster DNS name). */
  route?: WebRoute;
}

interface PreparedQuery {
  path: '/api/v1/query' | '/api/v1/query_range';
  form: URLSearchParams;
}

export class PrometheusProvider implements MetricProvider {
  readonly key = 'prometheus';
  readonly #options: PrometheusProviderOptions;

  constructor(options: PrometheusProviderOptions = {}) {
    this.#options = options;
  }

  async measure(metric: Metric, context: MeasureContext): Promise<MeasurementReport> {
    const startedAt = context.now();
    const spec = metric.provider.prometheus;
    if (!spec) return errorReport(metric, startedAt, `metric "${metric.name}" has no provider.prometheus`);
    try {
      const timeoutMs = timeoutOf(spec);
      const address = addressOf(spec, this.#options.defaultAddress);
      const query = prepareQuery(spec, startedAt);
      const headers = {
        ...headerRecord(spec.headers),
        ...(await authenticationHeaders(spec.authentication, {
          timeoutMs,
          ...(spec.insecure ? { insecure: true } : {}),
          ...(context.signal ? { signal: context.signal } : {}),
        })),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      };
      const url = joinUrl(address, query.path);
      const routed = this.#options.route?.(url, context.run.namespace);
      const response = await httpRequest({
        url: routed?.url ?? url,
        method: 'POST',
        headers: { ...headers, ...(routed ? { Host: routed.host } : {}) },
        body: query.form.toString(),
        timeoutMs,
        ...(spec.insecure ? { insecure: true } : {}),
        ...(context.signal ? { signal: context.signal } : {}),
      });
      const answer = readPrometheusAnswer(response.status, response.body);
      const warnings = answer.warnings.map((warning) => `"${warning}"`).join(', ');
      return {
        metricName: metric.name,
        startedAt,
        finishedAt: context.now(),
        outcome: { kind: 'value', result: answer.result, value: answer.value },
        ...(warnings === '' ? {} : { metadata: { warnings } }),
      };
    } catch (error) {
      return errorReport(
        metric,
        startedAt,
        messageOf(withoutSecretPieces(error, spec.query ?? '', context)),
        context.now(),
      );
    }
  }

  async resume(metric: Metric, _measurement: Measurement, context: MeasureContext): Promise<MeasurementReport> {
    // A query finishes in measure(); an in-flight prometheus measurement can only come from an
    // interrupted runtime: measure again.
    return this.measure(metric, context);
  }

  async terminate(metric: Metric, _measurement: Measurement, context: MeasureContext): Promise<MeasurementReport> {
    return stoppedAtOnce(metric, context);
  }
}

/**
 * Prometheus's errors quote pieces of the query (a parse error's "unexpected ..."), and an answer
 * that is not its JSON is shown cut short: either may hold part of a secret that no redaction of
 * the whole secret would catch. When the query holds a secret, the answer's text is left out.
 */
function withoutSecretPieces(error: unknown, query: string, context: MeasureContext): unknown {
  if (!(error instanceof PrometheusResponseError)) return error;
  const redacted = context.redact?.(query) ?? query;
  if (redacted === query) return error;
  return new Error(
    "Prometheus did not answer the query with a result; the query holds a secret argument, so the answer is not shown: check that the secret's value can stand where the query uses it (try the query with a plain value in its place)",
  );
}

function timeoutOf(spec: PrometheusMetric): number {
  const seconds = spec.timeout ?? DEFAULT_PROMETHEUS_TIMEOUT_SECONDS;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds))
    throw new Error(`prometheus timeout must be a number of seconds, got ${JSON.stringify(seconds)}`);
  if (seconds < 0) throw new Error('prometheus timeout should not be negative');
  return (seconds === 0 ? DEFAULT_PROMETHEUS_TIMEOUT_SECONDS : seconds) * 1000;
}

function addressOf(spec: PrometheusMetric, fallback: string | undefined): string {
  const address = spec.address && spec.address !== '' ? spec.address : fallback;
  if (!address)
    throw new Error(
      'prometheus address is not configured; set provider.prometheus.address, e.g. http://prometheus.monitoring:9090',
    );
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(`prometheus address "${address}" is not a URL; write it as http://host:port`);
  }
  if (url.host === '') throw new Error(`prometheus address "${address}" is not a URL; write it as http://host:port`);
  return address;
}

function prepareQuery(spec: PrometheusMetric, now: number): PreparedQuery {
  const query = spec.query ?? '';
  if (query.trim() === '') throw new Error('prometheus query is empty; set provider.prometheus.query');
  const range = spec.rangeQuery;
  // An instant query is evaluated at the server's current time, so clock skew between sluice and
  // Prometheus cannot push it past the last samples.
  if (!range) return { path: '/api/v1/query', form: new URLSearchParams({ query }) };
  const start = evaluateRangeTime('start', range.start, now);
  const end = evaluateRangeTime('end', range.end, now);
  let stepMs: number;
  try {
    stepMs = parseGoDuration(range.step ?? '');
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new Error(`rangeQuery.step: ${error.message}`);
  }
  if (stepMs <= 0) throw new Error('rangeQuery.step must be more than 0, e.g. 1m');
  if (end < start) throw new Error('rangeQuery.end is before rangeQuery.start');
  return {
    path: '/api/v1/query_range',
    form: new URLSearchParams({ query, start: seconds(start), end: seconds(end), step: String(stepMs / 1000) }),
  };
}

function evaluateRangeTime(field: 'start' | 'end', source: string | undefined, now: number): number {
  if (source === undefined || source.trim() === '')
    throw new Error(`rangeQuery.${field} is required, e.g. now() - duration("5m")`);
  try {
    return evaluateTimeExpression(source, now);
  } catch (error) {
    throw new Error(`rangeQuery.${field}: ${messageOf(error)}`);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function joinUrl(address: string, path: string): string {
  return `${address.replace(/\/+$/, '')}${path}`;
}
