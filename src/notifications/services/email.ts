// Email over SMTP.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { EmailRequest } from './request.ts';
import { text, section } from './fields.ts';

export function emailRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): EmailRequest {
  const email = section(notification, 'email');
  const host = text(options.host);
  if (!host) throw new Error('service.email has no host');
  const port = typeof options.port === 'number' ? options.port : Number(options.port ?? 25);
  const request: EmailRequest = {
    kind: 'email',
    host,
    port,
    from: text(options.from),
    to: destination.recipient
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address !== ''),
    subject: text(email.subject),
    body: text(email.body) || message,
    html: options.html === true,
    insecureSkipVerify: options.insecure_skip_verify === true,
  };
  if (text(options.username)) request.username = text(options.username);
  if (text(options.password)) request.password = text(options.password);
  return request;
}
