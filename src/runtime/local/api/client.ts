// The CLI's way to a running local runtime: found through the state directory (runtime.json and
// token), then plain HTTP+JSON on loopback.
import { liveRuntime, readToken } from './state-files.ts';

export class NoRuntimeError extends Error {
  override name = 'NoRuntimeError';
}

/** An answer other than 2xx: the status, the server's sentence and, for invalid manifests, the lint lines. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly issues: string[];
  constructor(status: number, message: string, issues: string[] = []) {
    super(message);
    this.status = status;
    this.issues = issues;
  }
}

export class RuntimeClient {
  readonly apiUrl: string;
  readonly #token: string | undefined;

  constructor(apiUrl: string, token: string | undefined) {
    this.apiUrl = apiUrl;
    this.#token = token;
  }

  /** The runtime recorded in `stateDir`; NoRuntimeError with one sentence saying what to do when none runs. */
  static connect(stateDir: string): RuntimeClient {
    const info = liveRuntime(stateDir);
    if (!info)
      throw new NoRuntimeError(`no local sluice runtime is running in ${stateDir}/: start one with sluice run -f ...`);
    return new RuntimeClient(info.apiUrl, readToken(stateDir));
  }

  get<T>(path: string): Promise<T> {
    return this.#call<T>('GET', path);
  }

  /** A read that needs the runtime token (the notification Secret). */
  getAuthorized<T>(path: string): Promise<T> {
    return this.#call<T>('GET', path, undefined, true);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.#call<T>('POST', path, body);
  }

  async #call<T>(method: string, path: string, body?: unknown, authorized = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if ((method !== 'GET' || authorized) && this.#token) headers['authorization'] = `Bearer ${this.#token}`;
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new NoRuntimeError(
        `the local sluice runtime at ${this.apiUrl} does not answer (${(error as Error).message}); is sluice run still running?`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = { error: text };
    }
    if (!response.ok) {
      const { error, issues } = parsed as { error?: string; issues?: string[] };
      throw new ApiError(response.status, error ?? `HTTP ${response.status}`, Array.isArray(issues) ? issues : []);
    }
    return parsed as T;
  }
}
