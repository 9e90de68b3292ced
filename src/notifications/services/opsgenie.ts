// Opsgenie: an alert.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, goJsonLine } from './fields.ts';

/**
 * Opsgenie's create-alert call (POST /v2/alerts on host `apiUrl`, default api.opsgenie.com) with
 * the key `apiKeys[recipient]`, the recipient as the responding team, the message, and the
 * template's `opsgenie.description`, `priority`, `alias`. Like Opsgenie's client, https unless the
 * host has no "api" in it, and the body as Go's JSON encoder writes it.
 */
export function opsgenieRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  const keys = (options.apiKeys ?? {}) as Record<string, unknown>;
  if (!Object.hasOwn(keys, destination.recipient))
    throw new Error(`no API key configured for recipient ${destination.recipient}`);
  const block = notification.opsgenie;
  const og = block && typeof block === 'object' ? (block as Record<string, unknown>) : undefined;
  if (og && !text(og.description)) throw new Error('Opsgenie notification description is missing');
  if (!message) throw new Error('message cannot be empty');
  const alert: Record<string, unknown> = { message };
  if (og && text(og.alias)) alert.alias = text(og.alias);
  if (og) alert.description = text(og.description);
  // Opsgenie's client tags type and username with "type, omitempty": Go always writes them.
  alert.responders = [{ type: 'team', id: destination.recipient, username: '' }];
  alert.source = 'Argo CD';
  if (og && text(og.priority)) alert.priority = text(og.priority);
  const host = text(options.apiUrl) || 'api.opsgenie.com';
  const scheme = host.includes('api') ? 'https' : 'http';
  return {
    kind: 'http',
    method: 'POST',
    url: `${scheme}://${host}/v2/alerts`,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Accept: 'application/json',
      Authorization: `GenieKey ${text(keys[destination.recipient])}`,
    },
    body: goJsonLine(alert),
    accept: 'status2xx',
  };
}
