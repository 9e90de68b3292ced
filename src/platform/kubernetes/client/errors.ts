// Typed errors of the Kubernetes API, made from the Status object the API server returns.
// Callers branch with instanceof (e.g. ConflictError for optimistic concurrency) and show
// `message`, which is the API server's own sentence.

/** metav1.Status, as the API server sends it with every failure. */
export interface KubeStatus {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    retryAfterSeconds?: number;
    causes?: { type?: string; message?: string; field?: string }[];
  };
}

/** What the request was about, for error messages and metrics. */
export interface RequestTarget {
  verb: string;
  /** Plural resource name, e.g. "rollouts". */
  resource: string;
  /** The API group, "" for the core group (absent where the request did not say). */
  group?: string;
  /** The subresource, e.g. "status". */
  subresource?: string;
  namespace?: string;
  name?: string;
}

export class KubeApiError extends Error {
  override name = 'KubeApiError';
  /** HTTP status code (0 when no response was received). */
  readonly statusCode: number;
  /** The Status reason, e.g. "NotFound", "Conflict", "Forbidden"; "" when absent. */
  readonly reason: string;
  readonly status: KubeStatus;
  readonly target: RequestTarget | undefined;
  /** From Retry-After or the Status' retryAfterSeconds, when the server gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(statusCode: number, status: KubeStatus, target?: RequestTarget, retryAfterMs?: number) {
    super(status.message || `the API server answered ${statusCode}${status.reason ? ` (${status.reason})` : ''}`);
    this.statusCode = statusCode;
    this.reason = status.reason ?? '';
    this.status = status;
    this.target = target;
    this.retryAfterMs = retryAfterMs;
  }
}

export class BadRequestError extends KubeApiError {
  override name = 'BadRequestError';
}
export class UnauthorizedError extends KubeApiError {
  override name = 'UnauthorizedError';
}
/** RBAC refused the request; `message` says which user, verb and resource. */
export class ForbiddenError extends KubeApiError {
  override name = 'ForbiddenError';
}
export class NotFoundError extends KubeApiError {
  override name = 'NotFoundError';
}
/** 409 Conflict: the object changed since it was read (stale resourceVersion). Read it again and retry. */
export class ConflictError extends KubeApiError {
  override name = 'ConflictError';
}
/** 409 AlreadyExists: create of a name that is taken. */
export class AlreadyExistsError extends KubeApiError {
  override name = 'AlreadyExistsError';
}
/** 410 Gone: the resourceVersion (or continue token) is too old; list again. */
export class GoneError extends KubeApiError {
  override name = 'GoneError';
}
/** 422 Invalid: the object failed validation; status.details.causes lists the fields. */
export class InvalidError extends KubeApiError {
  override name = 'InvalidError';
}
export class TooManyRequestsError extends KubeApiError {
  override name = 'TooManyRequestsError';
}
/** 5xx other than timeouts. */
export class ServerError extends KubeApiError {
  override name = 'ServerError';
}
/** 504, or a Status with reason Timeout/ServerTimeout. */
export class ServerTimeoutError extends KubeApiError {
  override name = 'ServerTimeoutError';
}

/** No HTTP answer: connection refused or reset, TLS failure, or the client's own timeout. */
export class KubeConnectionError extends Error {
  override name = 'KubeConnectionError';
  readonly target: RequestTarget | undefined;
  /** Node's error code, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT. */
  readonly code: string | undefined;

  constructor(message: string, options: { target?: RequestTarget; code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.target = options.target;
    this.code = options.code;
  }
}

/** Builds the typed error for a failed response; `body` is the raw response text. */
export function errorFromResponse(
  statusCode: number,
  body: string,
  target?: RequestTarget,
  retryAfterMs?: number,
): KubeApiError {
  const status = parseStatus(body) ?? { message: fallbackMessage(statusCode, body, target) };
  const retryAfter = retryAfterMs ?? secondsToMs(status.details?.retryAfterSeconds);
  return errorFromStatus(statusCode, status, target, retryAfter);
}

/** The typed error for a Status (also used for ERROR events of a watch). */
export function errorFromStatus(
  statusCode: number,
  status: KubeStatus,
  target?: RequestTarget,
  retryAfterMs?: number,
): KubeApiError {
  const code = statusCode || status.code || 0;
  const Type = errorClassFor(code, status.reason ?? '');
  return new Type(code, status, target, retryAfterMs);
}

function errorClassFor(code: number, reason: string): typeof KubeApiError {
  if (reason === 'AlreadyExists') return AlreadyExistsError;
  if (reason === 'Timeout' || reason === 'ServerTimeout' || code === 504) return ServerTimeoutError;
  if (reason === 'Expired' || reason === 'Gone' || code === 410) return GoneError;
  switch (code) {
    case 400:
      return BadRequestError;
    case 401:
      return UnauthorizedError;
    case 403:
      return ForbiddenError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return InvalidError;
    case 429:
      return TooManyRequestsError;
    default:
      return code >= 500 ? ServerError : KubeApiError;
  }
}

function parseStatus(body: string): KubeStatus | undefined {
  if (body.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === 'object' && (parsed as KubeStatus).kind === 'Status') {
      return parsed as KubeStatus;
    }
  } catch {
    // Not JSON: a proxy or load balancer answered.
  }
  return undefined;
}

function fallbackMessage(statusCode: number, body: string, target?: RequestTarget): string {
  const what = target ? `${target.verb} ${describeTarget(target)}` : 'the request';
  const text = body.trim().slice(0, 200);
  return `${what} failed with HTTP ${statusCode}${text ? `: ${text}` : ''}`;
}

export function describeTarget(target: RequestTarget): string {
  const name = target.name ? `/${target.name}` : '';
  const where = target.namespace ? ` in namespace ${target.namespace}` : '';
  return `${target.resource}${name}${where}`;
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined || seconds <= 0 ? undefined : seconds * 1000;
}

/** Whether a failure may pass if the same request is sent again later. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof KubeConnectionError ||
    error instanceof TooManyRequestsError ||
    error instanceof ServerError ||
    error instanceof ServerTimeoutError
  );
}
