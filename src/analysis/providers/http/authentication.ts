// The `authentication` block of prometheus and web metrics, as request headers: basicAuth, and
// oauth2 client credentials (a token fetched from tokenUrl, sent as a Bearer token).
import { basicAuthorization, httpRequest } from '../../../platform/http/request.ts';

export interface AuthenticationOptions {
  timeoutMs: number;
  insecure?: boolean;
  signal?: AbortSignal;
}

/** Headers to add for the authentication block; throws with a message when it cannot be used. */
export async function authenticationHeaders(
  authentication: Record<string, unknown> | undefined,
  options: AuthenticationOptions,
): Promise<Record<string, string>> {
  if (!authentication) return {};
  const basic = authentication.basicAuth as { username?: string; password?: string } | undefined;
  const oauth2 = authentication.oauth2 as
    | { tokenUrl?: string; clientId?: string; clientSecret?: string; scopes?: string[] }
    | undefined;
  if (authentication.sigv4 !== undefined) {
    throw new Error(
      'authentication.sigv4 (Amazon Managed Prometheus) is not supported by sluice; use headers or basicAuth',
    );
  }
  if (basic && (basic.username || basic.password)) {
    return { Authorization: basicAuthorization(basic.username ?? '', basic.password ?? '') };
  }
  if (oauth2 && oauth2.tokenUrl) {
    return { Authorization: `Bearer ${await clientCredentialsToken(oauth2, options)}` };
  }
  return {};
}

async function clientCredentialsToken(
  oauth2: { tokenUrl?: string; clientId?: string; clientSecret?: string; scopes?: string[] },
  options: AuthenticationOptions,
): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (oauth2.scopes && oauth2.scopes.length > 0) form.set('scope', oauth2.scopes.join(' '));
  const response = await httpRequest({
    url: oauth2.tokenUrl ?? '',
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      Authorization: basicAuthorization(
        encodeURIComponent(oauth2.clientId ?? ''),
        encodeURIComponent(oauth2.clientSecret ?? ''),
      ),
    },
    body: form.toString(),
    timeoutMs: options.timeoutMs,
    ...(options.insecure ? { insecure: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`oauth2 token request to ${oauth2.tokenUrl} answered ${response.status}`);
  }
  let token: unknown;
  try {
    token = (JSON.parse(response.body) as { access_token?: unknown }).access_token;
  } catch {
    throw new Error(`oauth2 token response from ${oauth2.tokenUrl} is not JSON`);
  }
  if (typeof token !== 'string' || token === '')
    throw new Error(`oauth2 token response from ${oauth2.tokenUrl} has no access_token`);
  return token;
}
