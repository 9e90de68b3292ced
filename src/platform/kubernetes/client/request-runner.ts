// Sends one API call: records metrics for each attempt, turns failures into typed errors and
// retries transient ones with jittered back-off (honouring Retry-After). Only calls that are
// safe to repeat are retried after a 5xx or a broken connection; every call is retried after
// 429, a refused connection and a refused HTTP/2 stream, because the server did not process those.
import { backoffDelay, parseRetryAfter, requestBackoff, type BackoffPolicy } from './backoff.ts';
import {
  errorFromResponse,
  KubeConnectionError,
  ServerError,
  ServerTimeoutError,
  TooManyRequestsError,
  UnauthorizedError,
  type RequestTarget,
} from './errors.ts';
import { REFUSED_STREAM } from './http2-requests.ts';
import { metricVerb, type RequestObserver } from './request-metrics.ts';
import { sleep, type Timers } from './timers.ts';
import type { HttpRequest, HttpResponse, Transport } from './transport.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. Default 5. */
  maxRetries: number;
  backoff: BackoffPolicy;
  /** Longest Retry-After honoured; longer ones are capped. Default 60 s. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 5, backoff: requestBackoff, maxRetryAfterMs: 60_000 };

/** "idempotent": repeating it cannot do harm (reads, PUT with resourceVersion, delete, merge patches); "unprocessed-only": only when the server did not process it; "none": never. */
export type RetryMode = 'idempotent' | 'unprocessed-only' | 'none';

export interface ApiCall {
  target: RequestTarget;
  request: HttpRequest;
  retry: RetryMode;
}

export interface RequestRunnerOptions {
  transport: Pick<Transport, 'request'>;
  timers: Timers;
  retry?: RetryPolicy;
  random?: () => number;
  observe?: RequestObserver;
  /** After a 401: forget cached credentials; true when one retry with fresh ones may help. */
  onUnauthorized?: () => boolean;
}

export class RequestRunner {
  readonly #options: RequestRunnerOptions;
  readonly #policy: RetryPolicy;

  constructor(options: RequestRunnerOptions) {
    this.#options = options;
    this.#policy = options.retry ?? defaultRetryPolicy;
  }

  /** The 2xx response, or throws a KubeApiError / KubeConnectionError. */
  async run(call: ApiCall): Promise<HttpResponse> {
    let refreshedCredentials = false;
    for (let attempt = 0; ; attempt += 1) {
      let failure: Error;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.#attempt(call);
        if (response.statusCode >= 200 && response.statusCode < 300) return response;
        retryAfterMs = parseRetryAfter(headerValue(response.headers['retry-after']), this.#options.timers.now());
        failure = errorFromResponse(response.statusCode, response.body, call.target, retryAfterMs);
        retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
      } catch (error) {
        if (!(error instanceof KubeConnectionError)) throw error;
        failure = new KubeConnectionError(error.message, {
          target: call.target,
          ...(error.code ? { code: error.code } : {}),
          cause: error,
        });
      }
      if (failure instanceof UnauthorizedError && !refreshedCredentials && this.#options.onUnauthorized?.()) {
        refreshedCredentials = true;
        continue;
      }
      if (attempt >= this.#policy.maxRetries || !shouldRetry(failure, call.retry) || call.request.signal?.aborted) {
        throw failure;
      }
      const backoff = backoffDelay(this.#policy.backoff, attempt, this.#options.random ?? Math.random);
      const delay = retryAfterMs !== undefined ? Math.min(retryAfterMs, this.#policy.maxRetryAfterMs) : backoff;
      // The caller awaits this request: the wait before the retry keeps the process alive, as
      // the request's socket would (an unref'd wait let a command end with nothing printed).
      await sleep(this.#options.timers, delay, call.request.signal, { keepAlive: true });
    }
  }

  async #attempt(call: ApiCall): Promise<HttpResponse> {
    const started = this.#options.timers.now();
    let statusCode = 0;
    try {
      const response = await this.#options.transport.request(call.request);
      statusCode = response.statusCode;
      return response;
    } finally {
      this.#options.observe?.({
        verb: metricVerb(call.request.method, call.target.name !== undefined && call.target.name !== '', false),
        kind: call.target.resource,
        namespace: call.target.namespace ?? '',
        name: call.target.name ?? '',
        statusCode,
        durationMs: this.#options.timers.now() - started,
      });
    }
  }
}

export function shouldRetry(error: Error, mode: RetryMode): boolean {
  if (mode === 'none') return false;
  if (error instanceof TooManyRequestsError) return true;
  if (error instanceof KubeConnectionError) {
    if (error.code === 'ABORT_ERR') return false;
    return mode === 'idempotent' || error.code === 'ECONNREFUSED' || error.code === REFUSED_STREAM;
  }
  if (error instanceof ServerError || error instanceof ServerTimeoutError) return mode === 'idempotent';
  return false;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
