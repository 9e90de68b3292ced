// The generic webhook service: any method, headers, basic auth, a body per template.
import type { Notification } from '../notify.ts';
import type { HttpRequest } from './request.ts';
import { text, section, base64 } from './fields.ts';

export function webhookRequest(
  name: string,
  options: Record<string, unknown>,
  notification: Notification,
  message: string,
): HttpRequest {
  let url = text(options.url);
  if (!url) throw new Error(`service.webhook.${name} has no url`);
  let method = 'GET';
  let body = message;
  const hooks = section(notification, 'webhook');
  const own = hooks[name] as Record<string, unknown> | undefined;
  if (own) {
    body = text(own.body);
    if (text(own.method)) method = text(own.method);
    if (text(own.path)) url = `${url.replace(/\/+$/, '')}/${text(own.path).replace(/^\/+/, '')}`;
  }
  const headers: Record<string, string> = {};
  for (const header of (options.headers ?? []) as Array<{ name?: unknown; value?: unknown }>) {
    if (typeof header?.name === 'string') headers[header.name] = text(header.value);
  }
  const auth = options.basicAuth as { username?: unknown; password?: unknown } | undefined;
  if (auth) headers.Authorization = `Basic ${base64(`${text(auth.username)}:${text(auth.password)}`)}`;
  return { kind: 'http', method, url, headers, body, accept: 'status2xx' };
}
