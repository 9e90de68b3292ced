// The web provider: an HTTP GET, POST or PUT; a 2xx JSON answer is decoded and `jsonPath`
// ({$} by default) picks the result; a non-JSON answer is the measurement's value and the
// measurement is Successful (as Argo). Timeout 10 seconds by default.
import type { Measurement, Metric, WebMetric } from '../../../api/types/analysis.ts';
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
import { compileJsonPath } from './jsonpath.ts';
import { webResponseValue } from './response.ts';

export const DEFAULT_WEB_TIMEOUT_SECONDS = 10;

/**
 * Where a URL is sent instead (the local runtime sends a cluster DNS name of one of its Services
 * to its mesh gateway, with the name as Host); undefined: as written.
 */
export type WebRoute = (url: string, namespace: string) => { url: string; host: string } | undefined;

export class WebProvider implements MetricProvider {
  readonly key = 'web';
  readonly #route: WebRoute | undefined;

  constructor(options: { route?: WebRoute } = {}) {
    this.#route = options.route;
  }

  async measure(metric: Metric, context: MeasureContext): Promise<MeasurementReport> {
    const startedAt = context.now();
    const spec = metric.provider.web;
    if (!spec) return errorReport(metric, startedAt, `metric "${metric.name}" has no provider.web`);
    try {
      const source = spec.jsonPath && spec.jsonPath !== '' ? spec.jsonPath : '{$}';
      let path;
      try {
        path = compileJsonPath(source);
      } catch (error) {
        throw withoutSecretPieces(error, source, context);
      }
      const request = buildRequest(spec);
      const timeoutMs =
        (spec.timeoutSeconds && spec.timeoutSeconds > 0 ? spec.timeoutSeconds : DEFAULT_WEB_TIMEOUT_SECONDS) * 1000;
      const common = {
        timeoutMs,
        ...(spec.insecure ? { insecure: true } : {}),
        ...(context.signal ? { signal: context.signal } : {}),
      };
      const auth = await authenticationHeaders(spec.authentication, common);
      const routed = this.#route?.(spec.url, context.run.namespace);
      const response = await httpRequest({
        ...common,
        url: routed?.url ?? spec.url,
        method: request.method,
        headers: { ...request.headers, ...auth, ...(routed ? { Host: routed.host } : {}) },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      if (response.status < 200 || response.status >= 300) {
        throw new Error(`received non 2xx response code: ${response.status}`);
      }
      const finishedAt = context.now();
      let answer;
      try {
        answer = webResponseValue(path, response.body);
      } catch (error) {
        const hidden = withoutSecretPieces(error, source, context);
        throw hidden === error ? error : new Error(`Could not find JSONPath in body: ${messageOf(hidden)}`);
      }
      if (answer.kind === 'raw') {
        return {
          metricName: metric.name,
          startedAt,
          finishedAt,
          outcome: { kind: 'judged', phase: 'Successful', value: answer.value },
        };
      }
      return {
        metricName: metric.name,
        startedAt,
        finishedAt,
        outcome: { kind: 'value', result: answer.result, value: answer.value },
      };
    } catch (error) {
      return errorReport(metric, startedAt, messageOf(error), context.now());
    }
  }

  async resume(metric: Metric, _measurement: Measurement, context: MeasureContext): Promise<MeasurementReport> {
    return this.measure(metric, context);
  }

  async terminate(metric: Metric, _measurement: Measurement, context: MeasureContext): Promise<MeasurementReport> {
    return stoppedAtOnce(metric, context);
  }
}

/**
 * A JSONPath error quotes pieces of the path ("unexpected ..." from the offending character on, a
 * field that is not found): when the path holds a secret, such a piece may be part of it, which no
 * redaction of the whole secret would catch. Then only what is wrong is said, not where.
 */
function withoutSecretPieces(error: unknown, source: string, context: MeasureContext): unknown {
  const redacted = context.redact?.(source) ?? source;
  if (redacted === source) return error;
  return new Error(
    `jsonPath "${redacted}" does not fit the response; it holds a secret argument, so the details are not shown: check that the secret's value can stand where the path uses it (test the path with a plain value in its place)`,
  );
}

function buildRequest(spec: WebMetric): { method: string; headers: Record<string, string>; body?: string } {
  const method = spec.method && (spec.method as string) !== '' ? spec.method.toUpperCase() : 'GET';
  if (!['GET', 'POST', 'PUT'].includes(method))
    throw new Error(`web method "${spec.method}" is not supported; use GET, POST or PUT`);
  if (!spec.url || spec.url === '') throw new Error('web url is empty; set provider.web.url');
  const hasBody = spec.body !== undefined && spec.body !== '';
  const hasJsonBody = spec.jsonBody !== undefined && spec.jsonBody !== null;
  if (hasBody && hasJsonBody)
    throw new Error('use either body or jsonBody; both cannot exist for a web metric payload');
  if ((hasBody || hasJsonBody) && method === 'GET')
    throw new Error('body/jsonBody can only be used with POST or PUT web metric methods');
  const headers = headerRecord(spec.headers);
  if (hasJsonBody) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
    headers['Content-Type'] = 'application/json';
    return { method, headers, body: JSON.stringify(spec.jsonBody) };
  }
  return { method, headers, ...(hasBody ? { body: spec.body } : {}) };
}
