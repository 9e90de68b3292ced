// Pushover's message API.
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, goQueryEscape } from './fields.ts';

/**
 * Pushover's messages.json with the application `token` and the recipient as user key, as
 * Pushover's Go client sends it (priority 0, the form sorted by key). Both keys must be 30 letters
 * or digits and the message 1 to 1024 characters, as that client checks. `apiURL` (not an Argo
 * setting; default https://api.pushover.net) moves the endpoint.
 */
export function pushoverRequest(
  options: Record<string, unknown>,
  destination: Destination,
  message: string,
): HttpRequest {
  const token = text(options.token);
  const key = /^[A-Za-z0-9]{30}$/;
  if (!key.test(token)) throw new Error('pushover: invalid API token (service.pushover token: 30 letters or digits)');
  if (!key.test(destination.recipient))
    throw new Error(`pushover: invalid recipient token "${destination.recipient}" (a user key: 30 letters or digits)`);
  if (message === '') throw new Error('pushover: message empty');
  if ([...message].length > 1024) throw new Error('pushover: message too long (at most 1024 characters)');
  const apiURL = (text(options.apiURL) || 'https://api.pushover.net').replace(/\/+$/, '');
  const form = [
    ['message', message],
    ['priority', '0'],
    ['token', token],
    ['user', destination.recipient],
  ] as const;
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/1/messages.json`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.map(([name, value]) => `${goQueryEscape(name)}=${goQueryEscape(value)}`).join('&'),
    accept: 'pushoverOk',
  };
}
