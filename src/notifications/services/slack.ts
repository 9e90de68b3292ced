// Slack's chat API (or an incoming webhook), with blocks, attachments and threads.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import { text, section } from './fields.ts';
import { deliveryPolicyOf, type SlackRequest } from './slack-threads.ts';

export function slackRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): SlackRequest {
  const slack = section(notification, 'slack');
  let apiURL = text(options.apiURL) || 'https://slack.com/api/';
  if (!apiURL.endsWith('/')) apiURL += '/';
  const form = new URLSearchParams();
  form.set('token', text(options.token));
  form.set('channel', destination.recipient);
  form.set('text', message);
  const username = text(slack.username) || text(options.username);
  if (username) form.set('username', username);
  const icon = text(slack.icon) || text(options.icon);
  if (/^:.+:$/.test(icon)) form.set('icon_emoji', icon);
  else if (/^https?:\/\/[^/]+/.test(icon)) form.set('icon_url', icon);
  // Attachments and blocks are JSON the template wrote: checked here, so a broken one fails before it is sent.
  for (const field of ['attachments', 'blocks'] as const) {
    const value = text(slack[field]);
    if (!value) continue;
    try {
      form.set(field, JSON.stringify(JSON.parse(value)));
    } catch (error) {
      throw new Error(`failed to unmarshal ${field} '${value}' : ${(error as Error).message}`);
    }
  }
  if (options.disableUnfurl === true) {
    form.set('unfurl_links', 'false');
    form.set('unfurl_media', 'false');
  }
  if (slack.notifyBroadcast === true) form.set('reply_broadcast', 'true');
  return {
    kind: 'slack',
    post: {
      kind: 'http',
      method: 'POST',
      url: `${apiURL}chat.postMessage`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${text(options.token)}` },
      body: form.toString(),
      accept: 'slackOk',
    },
    recipient: destination.recipient,
    groupingKey: text(slack.groupingKey),
    broadcast: slack.notifyBroadcast === true,
    policy: deliveryPolicyOf(slack.deliveryPolicy),
  };
}
