// Google Chat and Mattermost: one POST each.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, section } from './fields.ts';

/** Google Chat: the message (or its cardsV2) to the webhook configured for the recipient. */
export function googleChatRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  const webhooks = (options.webhooks ?? {}) as Record<string, string>;
  const url = webhooks[destination.recipient];
  if (!url) throw new Error(`no Google Chat webhook configured for recipient ${destination.recipient}`);
  const chat = section(notification, 'googlechat');
  const body = chat.cardsV2 ? { cardsV2: JSON.parse(text(chat.cardsV2)) } : { text: message };
  return {
    kind: 'http',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    accept: 'status2xx',
  };
}

/** Mattermost: a post to the recipient channel through its REST API, with the template's attachments. */
export function mattermostRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  const apiURL = text(options.apiURL).replace(/\/+$/, '');
  const mattermost = section(notification, 'mattermost');
  const props = text(mattermost.attachments) ? { attachments: JSON.parse(text(mattermost.attachments)) } : undefined;
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/api/v4/posts`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${text(options.token)}` },
    body: JSON.stringify({ channel_id: destination.recipient, message, ...(props ? { props } : {}) }),
    accept: 'status2xx',
  };
}
