// New Relic: a deployment marker.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, goJson } from './fields.ts';

/**
 * A New Relic deployment marker for the application id the recipient names: the template's
 * `newrelic.revision`, `changelog`, `user` (Argo's defaults read an Argo CD Application and its
 * repository, so a Rollout's template sets them) and `description` (default the message). As in the
 * engine, any answer counts as sent.
 */
export function newrelicRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  if (text(options.apiKey) === '') throw new Error('apiKey is missing');
  const newrelic = notification.newrelic;
  if (!newrelic || typeof newrelic !== 'object') throw new Error('config is missing');
  const marker = newrelic as Record<string, unknown>;
  for (const field of ['revision', 'changelog', 'user'])
    if (typeof marker[field] !== 'string')
      throw new Error(
        `the template's newrelic.${field} is not set: set it for the Rollout (Argo's default reads an Argo CD Application)`,
      );
  const apiURL = (text(options.apiURL) || 'https://api.newrelic.com').replace(/\/$/, '');
  const deployment: Record<string, string> = { revision: text(marker.revision) };
  const changelog = text(marker.changelog);
  const description = text(marker.description) || message;
  const user = text(marker.user);
  if (changelog) deployment.changelog = changelog;
  if (description) deployment.description = description;
  if (user) deployment.user = user;
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/v2/applications/${destination.recipient}/deployments.json`,
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': text(options.apiKey) },
    body: goJson({ deployment }),
    accept: 'anyAnswer',
  };
}
