// What each notification service sends, as the notifications engine sends it: one HTTP request
// (webhook, Microsoft Teams, Google Chat, Mattermost, PagerDuty Events API v2, Opsgenie, Telegram,
// Pushover, Grafana, Webex, New Relic), one to each Alertmanager, one email, Slack's chat API with
// its threads (services/slack-threads.ts), a chain of calls each made from the answer before (Rocket.Chat's
// login then post), or GitHub's calls as an App (services/github.ts). Pure: the runtime carries the requests
// out (runtime/notifications) and checks each answer as `accept` says. One file per service in
// services/.
import type { ServiceConfig } from './config.ts';
import type { Notification } from './notify.ts';
import { type GitHubAppRequest, gitHubRequest } from './services/github.ts';
import type { SlackRequest } from './services/slack-threads.ts';
import { teamsWorkflowsRequest } from './services/teams-workflows.ts';
import type { Destination } from './subscriptions.ts';
import { alertmanagerRequest } from './services/alertmanager.ts';
import { googleChatRequest, mattermostRequest } from './services/chat-webhooks.ts';
import { emailRequest } from './services/email.ts';
import { text } from './services/fields.ts';
import { grafanaRequest } from './services/grafana.ts';
import { newrelicRequest } from './services/newrelic.ts';
import { opsgenieRequest } from './services/opsgenie.ts';
import { pagerdutyRequest, pagerdutyV2Request } from './services/pagerduty.ts';
import { pushoverRequest } from './services/pushover.ts';
import type { AnyOfRequest, ChainRequest, EmailRequest, HttpRequest } from './services/request.ts';
import { rocketChatRequest } from './services/rocket-chat.ts';
import { slackRequest } from './services/slack.ts';
import { teamsRequest } from './services/teams.ts';
import { telegramRequest } from './services/telegram.ts';
import { webexRequest } from './services/webex.ts';
import { webhookRequest } from './services/webhook.ts';

export type { AnyOfRequest, ChainRequest, EmailRequest, HttpRequest } from './services/request.ts';

export type ServiceRequest = HttpRequest | EmailRequest | AnyOfRequest | SlackRequest | ChainRequest | GitHubAppRequest;

/** The service types sluice sends to; others are refused with this list. */
export const SUPPORTED_SERVICES = [
  'webhook',
  'slack',
  'teams',
  'email',
  'googlechat',
  'mattermost',
  'pagerdutyv2',
  'opsgenie',
  'telegram',
  'alertmanager',
  'pushover',
  'grafana',
  'rocketchat',
  'github',
  'webex',
  'newrelic',
  'pagerduty',
  'teams-workflows',
] as const;

/** The request that sends `notification` to `destination` through `service`; throws with a clear message when it cannot. */
export function buildRequest(
  name: string,
  service: ServiceConfig,
  notification: Notification,
  destination: Destination,
  /** When it is sent (ms since the epoch): Alertmanager's startsAt. */
  now?: number,
): ServiceRequest {
  const options = service.options;
  const message = text(notification.message);
  switch (service.type) {
    case 'webhook':
      return webhookRequest(name, options, notification, message);
    case 'slack':
      return slackRequest(options, notification, destination, message);
    case 'teams':
      return teamsRequest(options, notification, destination, message);
    case 'googlechat':
      return googleChatRequest(options, notification, destination, message);
    case 'mattermost':
      return mattermostRequest(options, notification, destination, message);
    case 'pagerdutyv2':
      return pagerdutyV2Request(options, notification, destination);
    case 'opsgenie':
      return opsgenieRequest(options, notification, destination, message);
    case 'telegram':
      return telegramRequest(options, destination, message);
    case 'alertmanager':
      return alertmanagerRequest(options, notification, now);
    case 'pushover':
      return pushoverRequest(options, destination, message);
    case 'grafana':
      return grafanaRequest(options, notification, destination, message, now);
    case 'email':
      return emailRequest(options, notification, destination, message);
    case 'rocketchat':
      return rocketChatRequest(options, notification, destination, message);
    case 'github':
      return gitHubRequest(options, notification, message);
    case 'webex':
      return webexRequest(options, destination, message);
    case 'newrelic':
      return newrelicRequest(options, notification, destination, message);
    case 'pagerduty':
      return pagerdutyRequest(options, notification, destination);
    case 'teams-workflows':
      return teamsWorkflowsRequest(options, notification, destination.recipient, message);
    default:
      throw new Error(
        `notification service type "${service.type}" (service.${service.type}${name !== service.type ? `.${name}` : ''}) is not supported by sluice; supported: ${SUPPORTED_SERVICES.join(', ')}`,
      );
  }
}
