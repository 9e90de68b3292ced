// Sends notifications off the reconcile path: `enqueue` returns at once; each destination (service
// and recipient) has its own queue, sent in order, so a dead receiver delays only its own
// messages. A failed send is retried with exponential back-off, then dropped; every outcome is
// logged and counted (notification_send_success / notification_send_error, as Argo names them).
import type { Notification, Outgoing } from '../../notifications/notify.ts';
import { STATUS_CODES } from 'node:http';
import {
  buildRequest,
  type ChainRequest,
  type HttpRequest,
  type ServiceRequest,
} from '../../notifications/services.ts';
import { signAppJwt } from './github-app.ts';
import { GitHubInstallationTokens, type InstallationToken } from './github-tokens.ts';
import { SlackThreads } from '../../notifications/services/slack-threads.ts';
import type { NotificationConfig } from '../../notifications/config.ts';
import { httpRequest } from '../../platform/http/request.ts';
import { sendMail } from '../../platform/smtp/smtp-client.ts';

/** The labels of one notification's counters: the Rollout and the event that triggered it. */
export interface NotificationLabels {
  namespace: string;
  name: string;
  type: string;
  reason: string;
}

export interface NotificationMetrics {
  sent(labels: NotificationLabels): void;
  failed(labels: NotificationLabels): void;
  /** One send's duration, for notification_send. */
  observe(namespace: string, name: string, seconds: number): void;
}

export interface DispatcherOptions {
  log: (line: string) => void;
  metrics?: NotificationMetrics;
  /** Attempts per notification (default 3). */
  attempts?: number;
  /** The first retry's delay (default 1 s), doubled each time up to `maxDelayMs` (default 5 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One attempt's limit (default 10 s). */
  timeoutMs?: number;
  /** The longest wait a Slack 429's `Retry-After` gets (default 60 s); a longer one is cut to it. */
  maxRetryAfterMs?: number;
}

/**
 * Slack's 429 Too Many Requests with `Retry-After` (seconds), as slack-go reports it (its
 * RateLimitedError): the next attempt waits that long instead of the back-off.
 */
class RateLimitedError extends Error {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A receiver's answer outside 2xx, its status kept (GitHub's 401 makes the installation token be renewed). */
class AnswerStatusError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

interface Job {
  request: ServiceRequest;
  labels: NotificationLabels;
  describe: string;
  counted: boolean;
}

export class NotificationDispatcher {
  private readonly queues = new Map<string, Job[]>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly options: DispatcherOptions;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakeups = new Set<() => void>();
  /** Slack's threads (groupingKey): the first message's ts, by recipient, for this process. */
  private readonly slackThreads = new SlackThreads();
  /** GitHub App installation tokens, reused until shortly before they expire. */
  private readonly githubTokens = new GitHubInstallationTokens();

  constructor(options: DispatcherOptions) {
    this.options = options;
  }

  /**
   * Queues what one event (or change) sends; returns at once. `counted: false` keeps the sends out of
   * notification_send_success / _error (Argo counts only the sends of its event path there).
   */
  enqueue(
    outgoing: readonly Outgoing[],
    config: NotificationConfig,
    labels: NotificationLabels,
    { counted = true }: { counted?: boolean } = {},
  ): void {
    if (this.closed) return;
    for (const item of outgoing) {
      const { service, recipient } = item.destination;
      const describe = `notification ${item.trigger} to ${service}${recipient ? `:${recipient}` : ''} for rollout ${labels.namespace}/${labels.name}`;
      const serviceConfig = config.services.get(service);
      let request: ServiceRequest;
      try {
        if (item.error !== undefined) throw new Error(item.error);
        if (!serviceConfig)
          throw new Error(
            `notification service '${service}' is not supported (no service.<type>.${service} in the ConfigMap)`,
          );
        request = buildRequest(service, serviceConfig, item.notification as Notification, item.destination, Date.now());
      } catch (error) {
        this.options.log(`${describe} failed: ${(error as Error).message}`);
        if (counted) this.options.metrics?.failed(labels);
        continue;
      }
      const key = `${service}\0${recipient}`;
      const queue = this.queues.get(key) ?? [];
      queue.push({ request, labels, describe, counted });
      this.queues.set(key, queue);
      if (!this.running.has(key)) {
        const run = this.drain(key).finally(() => this.running.delete(key));
        this.running.set(key, run);
      }
    }
  }

  /** Resolves once every queued notification is sent or given up. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Stops: queued notifications are dropped, retries are not waited for. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.wakeups) wake();
    this.queues.clear();
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key);
    while (queue && queue.length > 0 && !this.closed) {
      const job = queue.shift() as Job;
      await this.sendWithRetries(job);
    }
    this.queues.delete(key);
  }

  private async sendWithRetries(job: Job): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    let delay = this.options.baseDelayMs ?? 1000;
    for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
      const started = performance.now();
      try {
        await this.send(job.request);
        if (job.counted) {
          this.options.metrics?.observe(job.labels.namespace, job.labels.name, (performance.now() - started) / 1000);
          this.options.metrics?.sent(job.labels);
        }
        this.options.log(`${job.describe} sent`);
        return;
      } catch (error) {
        if (job.counted)
          this.options.metrics?.observe(job.labels.namespace, job.labels.name, (performance.now() - started) / 1000);
        const last = attempt === attempts;
        // A rate limit says when to come back: that wait (bounded) replaces the back-off's.
        const wait =
          error instanceof RateLimitedError
            ? Math.min(error.retryAfterMs, this.options.maxRetryAfterMs ?? 60_000)
            : delay;
        this.options.log(
          `${job.describe} failed (attempt ${attempt} of ${attempts}): ${(error as Error).message}${last ? '; giving up' : `; retrying in ${wait} ms`}`,
        );
        if (last) {
          if (job.counted) this.options.metrics?.failed(job.labels);
          return;
        }
        await this.sleep(wait);
        if (!(error instanceof RateLimitedError)) delay = Math.min(delay * 2, this.options.maxDelayMs ?? 5000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.timers.add(timer);
      this.wakeups.add(wake);
    });
  }

  private async send(request: ServiceRequest): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    if (request.kind === 'email') {
      await sendMail({ ...request, timeoutMs });
      return;
    }
    if (request.kind === 'anyOf') {
      const results = await Promise.allSettled(request.requests.map((one) => sendHttp(one, timeoutMs)));
      if (results.some((result) => result.status === 'fulfilled')) return;
      const reasons = results.map((result) => ((result as PromiseRejectedResult).reason as Error).message);
      throw new Error(`${request.noneMessage}: ${reasons.join('; ')}`);
    }
    if (request.kind === 'slack') {
      const plan = this.slackThreads.plan(request);
      if (plan.post) this.slackThreads.posted(request, plan.threadTs, await sendHttp(plan.post, timeoutMs));
      if (plan.update) await sendHttp(plan.update, timeoutMs);
      return;
    }
    if (request.kind === 'chain') return sendChain(request, timeoutMs);
    if (request.kind === 'githubApp') return this.sendGitHub(request, timeoutMs);
    await sendHttp(request, timeoutMs);
  }

  /**
   * Sends with the app's installation token. A 401 means GitHub no longer takes the token (revoked,
   * the App's key rotated, the installation removed): it is forgotten and the calls are made once
   * more with a new one; a second 401 names the App and installation to check.
   */
  private async sendGitHub(request: Extract<ServiceRequest, { kind: 'githubApp' }>, timeoutMs: number): Promise<void> {
    const withNewToken = async (): Promise<void> => {
      const token = await this.githubTokens.token(request, () => askInstallationToken(request, timeoutMs));
      try {
        const next = request.withToken(token);
        if (next.kind === 'chain') await sendChain(next, timeoutMs);
        else await sendHttp(next, timeoutMs);
      } catch (error) {
        if (error instanceof AnswerStatusError && error.status === 401) this.githubTokens.forget(request, token);
        throw error;
      }
    };
    try {
      await withNewToken();
    } catch (error) {
      if (!(error instanceof AnswerStatusError && error.status === 401)) throw error;
      try {
        await withNewToken();
      } catch (again) {
        if (!(again instanceof AnswerStatusError && again.status === 401)) throw again;
        throw new Error(
          `GitHub answered 401 Unauthorized again with a new installation token of GitHub App ${request.appId}, ${installationOf(request)} (${again.message}): check that the App is still installed on the repository and not suspended, and that enterpriseBaseURL is the GitHub that issued the token`,
        );
      }
    }
  }
}

/** `installation <id>` of a GitHub App request, read from its token request's URL. */
function installationOf(request: Extract<ServiceRequest, { kind: 'githubApp' }>): string {
  const id = /\/app\/installations\/([^/]+)\/access_tokens$/.exec(request.tokenRequest.url)?.[1];
  return id === undefined ? 'its installation' : `installation ${id}`;
}

/** Asks GitHub for an installation token with the app's JWT; `expires_at` says how long to keep it. */
async function askInstallationToken(
  request: Extract<ServiceRequest, { kind: 'githubApp' }>,
  timeoutMs: number,
): Promise<InstallationToken> {
  const tokenRequest = {
    ...request.tokenRequest,
    headers: { ...request.tokenRequest.headers, Authorization: `Bearer ${signAppJwt(request, Date.now())}` },
  };
  let answer: string;
  try {
    answer = await sendHttp(tokenRequest, timeoutMs);
  } catch (error) {
    if (error instanceof AnswerStatusError && error.status === 401)
      throw new Error(
        `GitHub refused the JWT of GitHub App ${request.appId} asking for a token of ${installationOf(request)} (${error.message}): check that appID is the App's id and privateKey one of its current private keys`,
      );
    throw error;
  }
  let parsed: { token?: unknown; expires_at?: unknown } = {};
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (typeof parsed.token !== 'string' || parsed.token === '')
    throw new Error(`GitHub answered ${request.tokenRequest.url} without an installation token`);
  const expiresAt = typeof parsed.expires_at === 'string' ? Date.parse(parsed.expires_at) : Number.NaN;
  return { token: parsed.token, expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt };
}

/** Sends a chain's calls in order, each next one made from the answer before it. */
async function sendChain(chain: ChainRequest, timeoutMs: number): Promise<void> {
  const answer = await sendHttp(chain.first, timeoutMs);
  let next: HttpRequest | ChainRequest;
  try {
    next = chain.next(answer);
  } catch (error) {
    throw new Error(`the answer of ${chain.first.url} is not what was expected: ${(error as Error).message}`);
  }
  if (next.kind === 'chain') return sendChain(next, timeoutMs);
  await sendHttp(next, timeoutMs);
}

/** Sends one request; resolves to the answer's body once it counts as delivered. */
async function sendHttp(request: HttpRequest, timeoutMs: number): Promise<string> {
  const secret = request.urlSecret;
  if (!secret) return sendHttpOnce(request, timeoutMs);
  try {
    return await sendHttpOnce(request, timeoutMs);
  } catch (error) {
    // The URL carries a secret (Telegram's bot token): it never reaches a log line.
    throw new Error((error as Error).message.split(secret).join('***'));
  }
}

async function sendHttpOnce(request: HttpRequest, timeoutMs: number): Promise<string> {
  const response = await httpRequest({
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    timeoutMs,
    maxBodyBytes: 1024 * 1024,
  });
  const shortBody = response.body.slice(0, 300);
  const statusError = request.statusErrors?.[response.status];
  if (statusError !== undefined) throw new Error(statusError);
  if (request.accept === 'anyAnswer') return response.body;
  if (request.accept === 'teamsWorkflows' && (response.status < 200 || response.status > 299))
    throw new Error(
      `teams workflows webhook post error (status ${response.status}): ${response.body || 'no error details provided'}`,
    );
  if (request.accept === 'pagerdutyApi' && (response.status < 200 || response.status > 299)) {
    // As go-pagerduty reports a refusal: the status, and PagerDuty's error object when there is one.
    let error: { message?: unknown; code?: unknown; errors?: unknown } | undefined;
    try {
      error = (JSON.parse(response.body) as { error?: typeof error }).error;
    } catch {
      error = undefined;
    }
    if (!error)
      throw new Error(`HTTP response failed with status code ${response.status} and no JSON error object was present`);
    const errors = Array.isArray(error.errors) ? error.errors.map(String) : [];
    const more = errors.length - 1;
    const details =
      errors.length === 0
        ? ''
        : `: ${errors[0]}${more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''}...)` : ''}`;
    throw new Error(
      `HTTP response failed with status code ${response.status}, message: ${String(error.message ?? '')} (code: ${String(error.code ?? 0)})${details}`,
    );
  }
  if (request.accept === 'pushoverOk') {
    if (response.status >= 500) throw new Error(`pushover: http error ${response.status}: ${shortBody}`);
    let answer: { status?: unknown; errors?: unknown };
    try {
      answer = JSON.parse(response.body) as { status?: unknown; errors?: unknown };
    } catch {
      throw new Error(`Pushover answered ${response.status} with something other than JSON: ${shortBody}`);
    }
    if (answer.status !== 1)
      throw new Error(
        `Pushover refused the message: ${Array.isArray(answer.errors) ? answer.errors.join('; ') : shortBody}`,
      );
    return response.body;
  }
  if (request.accept === 'rocketchatOk' || request.accept === 'rocketchatPosted') {
    rocketChatAnswer(request, response.status, response.body);
    return response.body;
  }
  if (request.accept === 'telegramOk') {
    let answer: { ok?: unknown; description?: unknown };
    try {
      answer = JSON.parse(response.body) as { ok?: unknown; description?: unknown };
    } catch {
      throw new Error(`Telegram answered ${response.status} with something other than JSON: ${shortBody}`);
    }
    if (answer.ok !== true) throw new Error(`Telegram refused the message: ${String(answer.description ?? shortBody)}`);
    return response.body;
  }
  if (request.accept === 'slackOk' && response.status === 429) {
    // slack-go reads Retry-After as whole seconds; without a number there, it is an ordinary failure.
    const header = response.headers['retry-after'];
    const text = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
    if (/^[+-]?\d+$/.test(text)) {
      const seconds = Math.max(0, Number(text));
      throw new RateLimitedError(
        `Slack answered 429 Too Many Requests: slack rate limit exceeded, retry after ${seconds}s`,
        seconds * 1000,
      );
    }
  }
  if (request.accept === 'status200' && response.status !== 200)
    throw new Error(`request to ${request.url} has failed with error code ${response.status} : ${shortBody}`);
  if (request.accept === 'status202' && response.status !== 202)
    throw new Error(`HTTP Status Code: ${response.status}, Message: ${shortBody}`);
  if (response.status < 200 || response.status > 299)
    throw new AnswerStatusError(
      `${request.method} ${request.url} answered ${response.status}: ${shortBody}`,
      response.status,
    );
  if (request.accept === 'slackOk') {
    let answer: { ok?: unknown; error?: unknown };
    try {
      answer = JSON.parse(response.body) as { ok?: unknown; error?: unknown };
    } catch {
      throw new Error(`Slack answered something other than JSON: ${shortBody}`);
    }
    if (answer.ok !== true) throw new Error(`Slack refused the message: ${String(answer.error ?? shortBody)}`);
  }
  if (request.accept === 'teamsOne' && response.body !== '1') throw new Error(`teams webhook post error: ${shortBody}`);
  return response.body;
}

/** As the Rocket.Chat SDK reads an answer: its status object's OK(), and a post must say success. */
function rocketChatAnswer(request: HttpRequest, status: number, body: string): void {
  let answer: { success?: unknown; error?: unknown; status?: unknown; message?: unknown } | undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object') answer = parsed as typeof answer;
  } catch {
    answer = undefined;
  }
  const where = `Rocket.Chat ${request.url}`;
  if (!answer) {
    if (status !== 200) throw new Error(`${where}: Request error: ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd());
    throw new Error(`${where}: the answer is not JSON: ${body.slice(0, 300)}`);
  }
  if (answer.success !== true) {
    if (typeof answer.error === 'string' && answer.error !== '') throw new Error(`${where}: ${answer.error}`);
    if (answer.status !== 'success') {
      if (typeof answer.message === 'string' && answer.message !== '')
        throw new Error(`${where}: status: ${String(answer.status ?? '')}, message: ${answer.message}`);
      throw new Error(`${where}: got false response`);
    }
  }
  if (request.accept === 'rocketchatPosted' && answer.success !== true)
    throw new Error(`${where}: the message was not posted`);
}
