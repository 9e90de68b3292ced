// The dashboard API as the browser calls it (src/dashboard/contract.ts). Every failure becomes an
// ApiFailure carrying the server's own message (what went wrong and how to fix it).
import type { ActionName, ActionRequest, ActionResult, ApiError, Session } from '../contract.ts';
import { API_PREFIX } from '../contract.ts';
import { rootPath } from './root.ts';

export class ApiFailure extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

/** Called when the server answers 401: the session ended (or never began), so the login page shows. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function apiPath(...segments: string[]): string {
  return `${rootPath()}${API_PREFIX}/${segments.map(encodeURIComponent).join('/')}`;
}

export function rolloutPath(namespace: string, name: string, ...rest: string[]): string {
  return apiPath('namespaces', namespace, 'rollouts', name, ...rest);
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new ApiFailure(0, 'Unavailable', `the dashboard server did not answer (${(error as Error).message})`);
  }
  if (response.status === 204) return undefined as T; // a 204 has no body; its callers expect none
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = isApiError(body) ? body.error : undefined;
    if (response.status === 401 && !path.endsWith('/login')) onUnauthorized();
    throw new ApiFailure(
      response.status,
      error?.reason ?? response.statusText,
      error?.message ?? `${init.method ?? 'GET'} ${path} failed: HTTP ${response.status} ${response.statusText}`,
    );
  }
  return body as T; // the server's answers follow the contract its types describe
}

function isApiError(body: unknown): body is ApiError {
  if (body === null || typeof body !== 'object' || !('error' in body)) return false;
  const error = body.error;
  return error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string';
}

/** The message of an ApiError's JSON text; undefined when the text is not one. */
export function apiErrorMessage(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return isApiError(body) ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}

/** The HTTP status of an ApiError's JSON text; undefined when the text is not one. */
export function apiErrorStatus(text: string): number | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return isApiError(body) && typeof body.error.status === 'number' ? body.error.status : undefined;
  } catch {
    return undefined;
  }
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, signal ? { signal } : {});
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Sluice-Request': '1' },
    body: JSON.stringify(body),
  });
}

export function getSession(): Promise<Session> {
  return getJson<Session>(apiPath('session'));
}

export function login(token: string): Promise<Session> {
  return postJson<Session>(apiPath('login'), { token });
}

export function logout(): Promise<void> {
  return postJson<void>(apiPath('logout'), {});
}

export function runAction(
  namespace: string,
  name: string,
  action: ActionName,
  body: ActionRequest,
): Promise<ActionResult> {
  return postJson<ActionResult>(rolloutPath(namespace, name, 'actions', action), body);
}
