// Alertmanager: the same alert to each target of its cluster, sent when one takes it.
import type { Notification } from '../notify.ts';
import type { AnyOfRequest } from './request.ts';
import { text, base64, goTime, goJsonLine } from './fields.ts';

/**
 * Alertmanager: one alert (the template's `alertmanager.labels`, `annotations`, `generatorURL`;
 * `alertname` defaults to the template's name) posted to `scheme`://target`apiPath` for every
 * one of `targets`, with `basicAuth` or else `bearerToken`; sent when any target answers 200.
 */
export function alertmanagerRequest(
  options: Record<string, unknown>,
  notification: Notification,
  now?: number,
): AnyOfRequest {
  const block = notification.alertmanager;
  if (!block || typeof block !== 'object') throw new Error('notification alertmanager no config');
  const am = block as Record<string, unknown>;
  const stringMap = (value: unknown): Record<string, string> | undefined =>
    value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .map(([key, inner]) => [key, text(inner)] as const)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : undefined;
  const labels = stringMap(am.labels);
  if (!labels || Object.keys(labels).length === 0) throw new Error('alertmanager at least one label pair required');
  if (now === undefined) throw new Error('alertmanager needs the time of sending (startsAt)');
  // Argo's default generatorURL, {{.app.spec.source.repoURL}}, renders as <no value> for a Rollout.
  let generatorURL = text(am.generatorURL) || '<no value>';
  if (generatorURL.startsWith('git@')) generatorURL = `https://${generatorURL.slice(4).replace(':', '/')}`;
  const alert = {
    labels: stringMap(labels),
    annotations: stringMap(am.annotations) ?? null,
    generatorURL,
    startsAt: goTime(now),
  };
  const body = goJsonLine([alert]).slice(0, -1);
  const targets =
    Array.isArray(options.targets) && options.targets.length > 0 ? options.targets.map(text) : ['127.0.0.1:9093'];
  const scheme = text(options.scheme) || 'http';
  const apiPath = text(options.apiPath) || '/api/v2/alerts';
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const auth = options.basicAuth as { username?: unknown; password?: unknown } | undefined;
  if (auth) headers.Authorization = `Basic ${base64(`${text(auth.username)}:${text(auth.password)}`)}`;
  else if (text(options.bearerToken)) headers.Authorization = `Bearer ${text(options.bearerToken)}`;
  return {
    kind: 'anyOf',
    requests: targets.map((target) => ({
      kind: 'http',
      method: 'POST',
      url: `${scheme}://${target}${apiPath}`,
      headers,
      body,
      accept: 'status200',
    })),
    noneMessage: 'no events were successfully received by alertmanager',
  };
}
