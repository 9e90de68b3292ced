// Grafana: an annotation.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, section, goJsonLine } from './fields.ts';

/**
 * A Grafana annotation (POST `apiUrl`/annotations, Bearer `apiKey`) with the message as text, the
 * time of sending in whole seconds, and as tags the recipient's, the template's `grafana.tags` and
 * the service's `tags`, each split at "|". Sent when Grafana answers 200.
 */
export function grafanaRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
  now?: number,
): HttpRequest {
  if (now === undefined) throw new Error('grafana needs the time of sending');
  const tags = destination.recipient.split('|');
  const own = text(section(notification, 'grafana').tags);
  if (own) tags.push(...own.split('|'));
  if (text(options.tags)) tags.push(...text(options.tags).split('|'));
  let url: URL;
  try {
    url = new URL(text(options.apiUrl));
  } catch {
    throw new Error(
      `service.grafana apiUrl "${text(options.apiUrl)}" is not a URL; write it as https://grafana.example/api`,
    );
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/annotations`.replace(/\/{2,}/g, '/');
  const annotation = { time: Math.floor(now / 1000) * 1000, isRegion: false, tags, text: message };
  return {
    kind: 'http',
    method: 'POST',
    url: url.toString(),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${text(options.apiKey)}` },
    body: goJsonLine(annotation).slice(0, -1),
    accept: 'status200',
  };
}
