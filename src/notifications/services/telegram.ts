// Telegram's bot API.
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, goQueryEscape } from './fields.ts';

/**
 * Telegram's sendMessage with the bot `token`, Markdown: a recipient starting with "-" is a chat
 * id, any other a channel name (sent as @name). `apiURL` (not an Argo setting; default
 * https://api.telegram.org) moves the endpoint. The form is encoded as Go's url.Values encodes it.
 */
export function telegramRequest(
  options: Record<string, unknown>,
  destination: Destination,
  message: string,
): HttpRequest {
  const token = text(options.token);
  const recipient = destination.recipient;
  if (recipient.startsWith('-') && !/^-\d+$/.test(recipient))
    throw new Error(`strconv.ParseInt: parsing "${recipient}": invalid syntax`);
  const chat = recipient.startsWith('-') ? recipient : `@${recipient}`;
  const apiURL = (text(options.apiURL) || 'https://api.telegram.org').replace(/\/+$/, '');
  const form = [
    ['chat_id', chat],
    ['parse_mode', 'Markdown'],
    ['text', message],
  ];
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/bot${token}/sendMessage`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.map(([key, value]) => `${goQueryEscape(key as string)}=${goQueryEscape(value as string)}`).join('&'),
    accept: 'telegramOk',
    ...(token ? { urlSecret: token } : {}),
  };
}
