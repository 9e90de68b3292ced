// GitHub as the notifications engine sends to it, for the template's `github.status` (a commit
// status) and `github.deployment` (a deployment, found by ref and environment or created, then a
// deployment status): as a GitHub App (`appID`, `installationID`, `privateKey`), whose installation
// token is asked for first, then the REST calls go-github makes, to https://api.github.com or to
// `enterpriseBaseURL` (its /api/v3/). The repository and commit come from the template's
// `github.repoURLPath` and `github.revisionPath` (Argo's defaults read an Argo CD Application, so a
// Rollout's template sets them). Pure: the runtime signs the app's JWT and carries the calls out.
import type { Notification } from '../notify.ts';
import type { ChainRequest, HttpRequest } from './request.ts';

/** One send to GitHub: the installation token first (its JWT signed by the runtime), then `withToken`. */
export interface GitHubAppRequest {
  kind: 'githubApp';
  appId: string;
  privateKey: string;
  /** The JWT's claims, as ghinstallation writes them (issued 30 s ago, two minutes to live). */
  claims: (nowMs: number) => string;
  /** POST /app/installations/<id>/access_tokens, without its Authorization (the JWT). */
  tokenRequest: HttpRequest;
  /** The calls made with the installation token the answer holds. */
  withToken: (token: string) => HttpRequest | ChainRequest;
}

const GO_GITHUB_HEADERS = {
  Accept: 'application/vnd.github.v3+json',
  'User-Agent': 'go-github/v69.2.0',
  'X-GitHub-Api-Version': '2022-11-28',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** go-github's request body: json.Encoder without HTML escaping, a newline after. */
const body = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** As the engine's trunc: at most `n` characters, the last three `...` when cut. */
function trunc(message: string, n: number): string {
  const runes = [...message];
  return runes.length > n ? `${runes.slice(0, n - 3).join('')}...` : message;
}

/** A ref in a path as go-github writes it: each `/`-separated part escaped as Go's url.PathEscape. */
function refPath(ref: string): string {
  return ref
    .split('/')
    .map((part) =>
      [...new TextEncoder().encode(part)]
        .map((byte) => {
          const c = String.fromCharCode(byte);
          return /[A-Za-z0-9\-_.~$&+:=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        })
        .join(''),
    )
    .join('/');
}

/** `owner/repo` of a git URL (https://host/owner/repo.git, git@host:owner/repo), as the engine reads it. */
export function repositoryOf(repoURL: string): [string, string] {
  const withoutScheme = repoURL.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/^[^@/]+@[^:/]+:/, '');
  const parts = withoutScheme
    .replace(/\.git$/, '')
    .split('/')
    .filter((part) => part !== '');
  if (parts.length < 2) throw new Error(`GitHub.repoURL (${repoURL}) does not have a \`/\``);
  return [parts[0] as string, parts[1] as string];
}

function apiBaseOf(enterpriseBaseURL: string): string {
  if (enterpriseBaseURL === '') return 'https://api.github.com/';
  const url = new URL(enterpriseBaseURL);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  if (!url.pathname.endsWith('/api/v3/') && !url.host.startsWith('api.') && !url.host.includes('.api.'))
    url.pathname += 'api/v3/';
  return url.toString();
}

export function gitHubRequest(
  options: Record<string, unknown>,
  notification: Notification,
  message: string,
): GitHubAppRequest {
  const github = notification.github;
  if (!github || typeof github !== 'object') throw new Error('config is empty');
  const settings = github as Record<string, unknown>;
  for (const unsent of ['pullRequestComment', 'checkRun', 'repositoryDispatch'])
    if (settings[unsent] !== undefined)
      throw new Error(
        `the template's github.${unsent} is not sent by sluice (github.status and github.deployment are)`,
      );
  for (const [field, reads] of [
    ['repoURLPath', 'the repository URL'],
    ['revisionPath', 'the commit'],
  ] as const)
    if (text(settings[field]) === '')
      throw new Error(
        `the template's github.${field} is empty: set it to ${reads} of the Rollout (Argo's default reads an Argo CD Application)`,
      );
  const appId = String(options.appID ?? '');
  const installationId = String(options.installationID ?? '');
  if (!/^\d+$/.test(appId) || !/^\d+$/.test(installationId))
    throw new Error(
      `github: appID and installationID must be numbers (got ${JSON.stringify(appId)}, ${JSON.stringify(installationId)})`,
    );
  const privateKey = text(options.privateKey);
  if (privateKey === '') throw new Error('github: privateKey (the GitHub App key, PEM) is empty');
  const enterprise = text(options.enterpriseBaseURL);
  const apiBase = apiBaseOf(enterprise);
  const tokenBase = (enterprise || 'https://api.github.com').replace(/\/+$/, '');
  const [owner, repo] = repositoryOf(text(settings.repoURLPath));
  const revision = text(settings.revisionPath);
  const description = trunc(message, 140);
  const repoPath = `${apiBase}repos/${owner}/${repo}`;

  const call = (token: string, method: string, url: string, payload?: unknown): HttpRequest => ({
    kind: 'http',
    method,
    url,
    headers: {
      ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...GO_GITHUB_HEADERS,
      Authorization: `token ${token}`,
    },
    body: payload === undefined ? '' : body(payload),
    accept: 'status2xx',
  });

  const status =
    settings.status && typeof settings.status === 'object' ? (settings.status as Record<string, unknown>) : undefined;
  const deployment =
    settings.deployment && typeof settings.deployment === 'object'
      ? (settings.deployment as Record<string, unknown>)
      : undefined;

  const deploymentCalls = (token: string, spec: Record<string, unknown>): ChainRequest => {
    const environment = text(spec.environment);
    const query = new URLSearchParams();
    if (environment) query.set('environment', environment);
    if (revision) query.set('ref', revision);
    const statusCall = (id: unknown): HttpRequest => {
      if (typeof id !== 'number') throw new Error('GitHub answered a deployment without an id');
      return call(token, 'POST', `${repoPath}/deployments/${id}/statuses`, {
        state: text(spec.state),
        log_url: text(spec.logURL),
        description,
        environment,
        environment_url: text(spec.environmentURL),
      });
    };
    return {
      kind: 'chain',
      first: call(token, 'GET', `${repoPath}/deployments${query.size > 0 ? `?${query}` : ''}`),
      next: (answer) => {
        const found = JSON.parse(answer) as Array<{ id?: unknown }>;
        if (Array.isArray(found) && found.length > 0) return statusCall(found[0]?.id);
        return {
          kind: 'chain',
          first: call(token, 'POST', `${repoPath}/deployments`, {
            ref: text(spec.reference) || revision,
            auto_merge: spec.autoMerge === undefined ? true : spec.autoMerge === true,
            required_contexts: Array.isArray(spec.requiredContexts) ? spec.requiredContexts.map(String) : null,
            environment,
            transient_environment: spec.transientEnvironment === true,
          }),
          next: (created) => statusCall((JSON.parse(created) as { id?: unknown }).id),
        };
      },
    };
  };

  if (!status && !deployment)
    throw new Error("the template's github block has neither status nor deployment: nothing to send");
  return {
    kind: 'githubApp',
    appId,
    privateKey,
    claims: (nowMs) => {
      const issued = Math.floor(nowMs / 1000) - 30;
      return JSON.stringify({ iss: appId, exp: issued + 120, iat: issued });
    },
    tokenRequest: {
      kind: 'http',
      method: 'POST',
      url: `${tokenBase}/app/installations/${installationId}/access_tokens`,
      headers: { Accept: 'application/vnd.github.v3+json' },
      body: '',
      accept: 'status2xx',
    },
    withToken: (token) => {
      const statusCall = status
        ? {
            ...call(token, 'POST', `${repoPath}/statuses/${refPath(revision)}`, {
              state: text(status.state),
              target_url: text(status.targetURL),
              description,
              context: text(status.label),
            }),
            statusErrors: { 422: `too many commit statuses for sha ${revision} and context ${text(status.label)}` },
          }
        : undefined;
      if (statusCall && deployment)
        return { kind: 'chain', first: statusCall, next: () => deploymentCalls(token, deployment) };
      return statusCall ?? deploymentCalls(token, deployment as Record<string, unknown>);
    },
  };
}
