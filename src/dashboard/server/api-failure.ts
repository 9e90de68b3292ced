// The dashboard API's failures: an HTTP status, the reason word of the contract's ApiError, and a
// sentence that says what went wrong, where, and how to fix it. Errors of the targets (the
// Kubernetes client's, the local runtime's, the CLI's) are recognised by name, so this file loads
// none of their modules; anything unrecognised is an internal error whose sentence has no stack.
import type { ApiError } from '../contract.ts';
import { describeResource, refusalSentence } from '../auth/refusal.ts';

export type FailureReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Invalid'
  | 'Conflict'
  | 'Unavailable'
  | 'MethodNotAllowed'
  | 'Internal';

export class ApiFailure extends Error {
  override name = 'ApiFailure';
  readonly status: number;
  readonly reason: FailureReason;
  constructor(status: number, reason: FailureReason, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  body(): ApiError {
    return { error: { status: this.status, reason: this.reason, message: this.message } };
  }
}

export const unauthorized = (message: string) => new ApiFailure(401, 'Unauthorized', message);
export const forbidden = (message: string) => new ApiFailure(403, 'Forbidden', message);
export const notFound = (message: string) => new ApiFailure(404, 'NotFound', message);
export const invalid = (message: string) => new ApiFailure(422, 'Invalid', message);
export const conflict = (message: string) => new ApiFailure(409, 'Conflict', message);
export const unavailable = (message: string) => new ApiFailure(503, 'Unavailable', message);

/** Who asked and what for, so a refusal of the API server can name them. */
export interface FailureContext {
  username: string;
  /** `the cluster of context kind-dev (https://...)`, `the local runtime at http://...`. */
  target: string;
}

interface RequestTarget {
  verb?: string;
  resource?: string;
  group?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** The failure to answer for any error met while serving a request. */
export function failureOf(error: unknown, context: FailureContext): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (!(error instanceof Error)) return new ApiFailure(500, 'Internal', `unexpected failure: ${String(error)}`);
  const message = error.message.replace(/\s+$/, '');
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  switch (error.name) {
    case 'ForbiddenError':
      return forbidden(rbacRefusal(error, message, context.username));
    case 'UnauthorizedError':
      return unavailable(
        `${context.target} refused the dashboard's credentials (401 Unauthorized): ${message}; log in again with kubectl or check the user of the kube context, then restart sluice dashboard`,
      );
    case 'NotFoundError':
      return notFound(message);
    case 'ConflictError':
    case 'AlreadyExistsError':
      return conflict(`${message}; reload and try again`);
    case 'InvalidError':
    case 'BadRequestError':
      return invalid(message);
    case 'KubeConnectionError':
      return unavailable(
        `cannot reach ${context.target}: ${message}; check that the cluster is running and reachable from the dashboard`,
      );
    case 'NoRuntimeError':
      return unavailable(message);
    case 'ControlError':
      return conflict(message);
    case 'ApiError': {
      // The local runtime's HTTP answers.
      const status = (error as { status?: number }).status ?? 500;
      return status === 404
        ? notFound(message)
        : status === 409 || status === 400
          ? conflict(message)
          : invalid(message);
    }
    case 'CliError':
    case 'UsageError':
      if (/ not found( |$)/.test(message)) return notFound(message);
      if (/ has no (container named|revision|earlier revision)/.test(message)) return invalid(message);
      if (/^lost the local runtime|^the local runtime .* stopped|refused the watch/.test(message))
        return unavailable(message);
      return conflict(message);
    case 'TypeError':
      // fetch's `fetch failed`: the local runtime is gone.
      if (message === 'fetch failed') {
        const cause = (error as { cause?: Error }).cause?.message;
        return unavailable(`cannot reach ${context.target}${cause ? ` (${cause})` : ''}; is sluice run still running?`);
      }
      break;
    default:
      if (typeof statusCode === 'number' && statusCode >= 500)
        return unavailable(`${context.target} answered ${statusCode}: ${message}`);
      if (typeof statusCode === 'number' && statusCode >= 400) return new ApiFailure(statusCode, 'Invalid', message);
  }
  return new ApiFailure(500, 'Internal', `unexpected failure: ${message}`);
}

/** The API server's own 403, said as every refusal is (refusal.ts), with the API server's words. */
function rbacRefusal(error: Error, message: string, username: string): string {
  const target = (error as { target?: RequestTarget }).target ?? {};
  return refusalSentence({
    username,
    verb: target.verb ?? 'access',
    // Said as every other refusal says it: `rollouts/status (argoproj.io)`.
    resource: target.resource
      ? describeResource({
          group: target.group ?? '',
          resource: target.resource,
          subresource: target.subresource ?? '',
        })
      : 'this resource',
    namespace: target.namespace,
    detail: message,
  });
}
