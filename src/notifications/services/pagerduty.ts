// PagerDuty: the Events API v2, and the older REST API's incidents.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, goJson } from './fields.ts';

/**
 * PagerDuty's Events API v2: a `trigger` event for the integration key `serviceKeys[recipient]`,
 * the payload from the template's `pagerdutyv2` block. `apiURL` (not an Argo setting; default
 * https://events.pagerduty.com) moves the endpoint, for a proxy or a test receiver.
 */
export function pagerdutyV2Request(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
): HttpRequest {
  const keys = (options.serviceKeys ?? {}) as Record<string, unknown>;
  if (!Object.hasOwn(keys, destination.recipient))
    throw new Error(`no API key configured for recipient ${destination.recipient}`);
  const block = notification.pagerdutyv2;
  if (!block || typeof block !== 'object') throw new Error('no config found for pagerdutyv2');
  const pd = block as Record<string, unknown>;
  const payload: Record<string, string> = {
    summary: text(pd.summary),
    source: text(pd.source),
    severity: text(pd.severity),
  };
  for (const field of ['component', 'group', 'class'] as const) if (text(pd[field])) payload[field] = text(pd[field]);
  const event: Record<string, unknown> = {
    routing_key: text(keys[destination.recipient]),
    event_action: 'trigger',
    client: 'ArgoCD',
  };
  if (text(pd.url)) event.client_url = text(pd.url);
  event.payload = payload;
  const apiURL = (text(options.apiURL) || 'https://events.pagerduty.com').replace(/\/+$/, '');
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/v2/enqueue`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
    accept: 'status202',
  };
}

/**
 * PagerDuty's REST API as go-pagerduty calls it for the engine: an incident (POST /incidents, `From`
 * the service's `from`, `Token token=<token>`) on the service the recipient names, with the
 * template's `pagerduty.title`, `body`, `urgency` and `priorityId`. `apiURL` (sluice's own setting,
 * default https://api.pagerduty.com) moves the endpoint.
 */
export function pagerdutyRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
): HttpRequest {
  const pagerduty = notification.pagerduty;
  if (!pagerduty || typeof pagerduty !== 'object')
    throw new Error('the template has no pagerduty block (title, body, urgency, priorityId): the engine needs one');
  const incident = pagerduty as Record<string, unknown>;
  const body = text(incident.body);
  const urgency = text(incident.urgency);
  const priorityId = text(incident.priorityId);
  const apiURL = (text(options.apiURL) || 'https://api.pagerduty.com').replace(/\/$/, '');
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/incidents`,
    headers: {
      Accept: 'application/vnd.pagerduty+json;version=2',
      From: text(options.from),
      Authorization: `Token token=${text(options.token)}`,
      'User-Agent': 'go-pagerduty/1.8.0',
      'Content-Type': 'application/json',
    },
    body: goJson({
      incident: {
        type: 'incident',
        title: text(incident.title),
        service: { ...(destination.recipient ? { id: destination.recipient } : {}), type: 'service_reference' },
        priority: { ...(priorityId ? { id: priorityId } : {}), type: 'priority' },
        ...(urgency ? { urgency } : {}),
        // The engine's type has a tab at its end; it is sent as written.
        body: { type: 'incident_details\t', ...(body ? { details: body } : {}) },
      },
    }),
    accept: 'pagerdutyApi',
  };
}
