// Webex: a message to a room or a person.
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, goJson } from './fields.ts';

/** Webex's messages API: the message as markdown, to a person (an email address) or a room id. */
export function webexRequest(options: Record<string, unknown>, destination: Destination, message: string): HttpRequest {
  const apiURL = (text(options.apiURL) || 'https://webexapis.com').replace(/\/$/, '');
  const to = /^\S+@\S+\.\S+$/.test(destination.recipient)
    ? { toPersonEmail: destination.recipient }
    : destination.recipient
      ? { roomId: destination.recipient }
      : {};
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/v1/messages`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${text(options.token)}` },
    body: goJson({ ...to, ...(message ? { markdown: message } : {}) }),
    accept: 'status200',
  };
}
