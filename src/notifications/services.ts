// What each notification service sends, as the notifications engine sends it: one HTTP request
// (webhook, Microsoft Teams, Google Chat, Mattermost, PagerDuty Events API v2, Opsgenie, Telegram,
// Pushover, Grafana, Webex, New Relic), one to each Alertmanager, one email, Slack's chat API with
// its threads (slack-threads.ts), a chain of calls each made from the answer before (Rocket.Chat's
// login then post), or GitHub's calls as an App (github.ts). Pure: the runtime carries the requests
// out (runtime/notifications) and checks each answer as `accept` says.
import type { ServiceConfig } from './config.ts';
import type { Notification } from './notify.ts';
import { type GitHubAppRequest, gitHubRequest } from './github.ts';
import { deliveryPolicyOf, type SlackRequest } from './slack-threads.ts';
import { teamsWorkflowsRequest } from './teams-workflows.ts';
import type { Destination } from './subscriptions.ts';

export interface HttpRequest {
  kind: 'http';
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** How the answer counts as delivered: any 2xx, Slack's `{"ok": true}`, Teams' body "1", PagerDuty's 202. */
  accept:
    | 'status2xx'
    | 'slackOk'
    | 'teamsOne'
    | 'status202'
    | 'status200'
    | 'telegramOk'
    | 'pushoverOk'
    | 'rocketchatOk'
    | 'rocketchatPosted'
    | 'anyAnswer'
    | 'pagerdutyApi'
    | 'teamsWorkflows';
  /** A secret the URL carries (Telegram's bot token): written as *** wherever the URL is reported. */
  urlSecret?: string;
  /** The error an answer of this status is reported as (GitHub's 422 on a commit status). */
  statusErrors?: Record<number, string>;
}

export interface EmailRequest {
  kind: 'email';
  host: string;
  port: number;
  username?: string;
  password?: string;
  from: string;
  to: string[];
  subject: string;
  body: string;
  html: boolean;
  /** Argo's insecure_skip_verify: accept any certificate of the mail server. */
  insecureSkipVerify: boolean;
}

/** The same request to several targets (Alertmanager's cluster): sent when any one takes it. */
export interface AnyOfRequest {
  kind: 'anyOf';
  requests: HttpRequest[];
  /** The error when none took it. */
  noneMessage: string;
}

/** A call whose answer makes the next one (Rocket.Chat's login, then the post). */
export interface ChainRequest {
  kind: 'chain';
  first: HttpRequest;
  /** The next call (or calls) from the first one's answer body (the answer already accepted). */
  next: (answer: string) => HttpRequest | ChainRequest;
}

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

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const section = (notification: Notification, name: string): Record<string, unknown> => {
  const value = notification[name];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
};

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
    case 'googlechat': {
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
    case 'mattermost': {
      const apiURL = text(options.apiURL).replace(/\/+$/, '');
      const mattermost = section(notification, 'mattermost');
      const props = text(mattermost.attachments)
        ? { attachments: JSON.parse(text(mattermost.attachments)) }
        : undefined;
      return {
        kind: 'http',
        method: 'POST',
        url: `${apiURL}/api/v4/posts`,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${text(options.token)}` },
        body: JSON.stringify({ channel_id: destination.recipient, message, ...(props ? { props } : {}) }),
        accept: 'status2xx',
      };
    }
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

function webhookRequest(
  name: string,
  options: Record<string, unknown>,
  notification: Notification,
  message: string,
): HttpRequest {
  let url = text(options.url);
  if (!url) throw new Error(`service.webhook.${name} has no url`);
  let method = 'GET';
  let body = message;
  const hooks = section(notification, 'webhook');
  const own = hooks[name] as Record<string, unknown> | undefined;
  if (own) {
    body = text(own.body);
    if (text(own.method)) method = text(own.method);
    if (text(own.path)) url = `${url.replace(/\/+$/, '')}/${text(own.path).replace(/^\/+/, '')}`;
  }
  const headers: Record<string, string> = {};
  for (const header of (options.headers ?? []) as Array<{ name?: unknown; value?: unknown }>) {
    if (typeof header?.name === 'string') headers[header.name] = text(header.value);
  }
  const auth = options.basicAuth as { username?: unknown; password?: unknown } | undefined;
  if (auth) headers.Authorization = `Basic ${base64(`${text(auth.username)}:${text(auth.password)}`)}`;
  return { kind: 'http', method, url, headers, body, accept: 'status2xx' };
}

function slackRequest(
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

/**
 * Rocket.Chat as the engine's SDK client talks to it: `serverUrl`/api/v1/login with the `email` and
 * `password` (a form), then chat.postMessage (JSON) with the token and user id it answered. A
 * recipient starting with `#` or `@` is a channel, any other a room id; `alias`, `icon` (an emoji),
 * `avatar` (an http(s) URL) and the template's `rocketchat.attachments`.
 */
function rocketChatRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): ChainRequest {
  let server: URL;
  try {
    server = new URL(text(options.serverUrl));
  } catch {
    throw new Error(`rocketchat: serverUrl ${JSON.stringify(text(options.serverUrl))} is not a URL`);
  }
  const protocol = server.protocol === 'https:' ? 'https' : 'http';
  const port = server.port || (protocol === 'https' ? '443' : '80');
  const base = `${protocol}://${server.hostname}:${port}${server.pathname.replace(/\/$/, '')}/api/v1`;
  const post: Record<string, unknown> = {};
  if (destination.recipient.startsWith('#') || destination.recipient.startsWith('@'))
    post.channel = destination.recipient;
  else post.roomId = destination.recipient;
  if (message) post.text = message;
  if (text(options.alias)) post.alias = text(options.alias);
  if (/^:.+:$/.test(text(options.icon))) post.emoji = text(options.icon);
  if (/^https?:\/\/[^/]+/.test(text(options.avatar))) post.avatar = text(options.avatar);
  const attachments = text(section(notification, 'rocketchat').attachments);
  if (attachments) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(attachments);
    } catch (error) {
      throw new Error(`failed to unmarshal attachments '${attachments}' : ${(error as Error).message}`);
    }
    if (Array.isArray(parsed) && parsed.length > 0) post.attachments = parsed.map(rocketChatAttachment);
  }
  const login = new URLSearchParams({ password: text(options.password), user: text(options.email) });
  return {
    kind: 'chain',
    first: {
      kind: 'http',
      method: 'POST',
      url: `${base}/login`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: login.toString(),
      accept: 'rocketchatOk',
    },
    next: (answer) => {
      const data = ((JSON.parse(answer) as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
      // Go's JSON decoding matches field names in any case: userId and userID alike.
      const userId = Object.entries(data).find(([key]) => key.toLowerCase() === 'userid')?.[1];
      const token = Object.entries(data).find(([key]) => key.toLowerCase() === 'authtoken')?.[1];
      return {
        kind: 'http',
        method: 'POST',
        url: `${base}/chat.postMessage`,
        headers: {
          'Content-Type': 'application/json',
          'X-Auth-Token': String(token ?? ''),
          'X-User-Id': String(userId ?? ''),
        },
        body: goJson(post),
        accept: 'rocketchatPosted',
      };
    },
  };
}

/**
 * PagerDuty's REST API as go-pagerduty calls it for the engine: an incident (POST /incidents, `From`
 * the service's `from`, `Token token=<token>`) on the service the recipient names, with the
 * template's `pagerduty.title`, `body`, `urgency` and `priorityId`. `apiURL` (sluice's own setting,
 * default https://api.pagerduty.com) moves the endpoint.
 */
function pagerdutyRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
): HttpRequest {
  const pagerduty = notification.pagerduty;
  if (!pagerduty || typeof pagerduty !== 'object')
    throw new Error('the template has no pagerduty block (title, body, urgency, priorityId): the engine needs one');
  const incident = pagerduty as Record<string, unknown>;
  const body = text(incident.body);
  const urgency = text(incident.urgency);
  const priorityId = text(incident.priorityId);
  const apiURL = (text(options.apiURL) || 'https://api.pagerduty.com').replace(/\/$/, '');
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/incidents`,
    headers: {
      Accept: 'application/vnd.pagerduty+json;version=2',
      From: text(options.from),
      Authorization: `Token token=${text(options.token)}`,
      'User-Agent': 'go-pagerduty/1.8.0',
      'Content-Type': 'application/json',
    },
    body: goJson({
      incident: {
        type: 'incident',
        title: text(incident.title),
        service: { ...(destination.recipient ? { id: destination.recipient } : {}), type: 'service_reference' },
        priority: { ...(priorityId ? { id: priorityId } : {}), type: 'priority' },
        ...(urgency ? { urgency } : {}),
        // The engine's type has a tab at its end; it is sent as written.
        body: { type: 'incident_details\t', ...(body ? { details: body } : {}) },
      },
    }),
    accept: 'pagerdutyApi',
  };
}

/** Webex's messages API: the message as markdown, to a person (an email address) or a room id. */
function webexRequest(options: Record<string, unknown>, destination: Destination, message: string): HttpRequest {
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

/**
 * A New Relic deployment marker for the application id the recipient names: the template's
 * `newrelic.revision`, `changelog`, `user` (Argo's defaults read an Argo CD Application and its
 * repository, so a Rollout's template sets them) and `description` (default the message). As in the
 * engine, any answer counts as sent.
 */
function newrelicRequest(
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

/** An attachment as the SDK's Attachment struct writes it back: its fields, in its order, `collapsed` always. */
function rocketChatAttachment(value: unknown): Record<string, unknown> {
  const given = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const strings = ['color', 'text', 'ts', 'thumb_url', 'message_link'];
  for (const key of strings) if (typeof given[key] === 'string' && given[key] !== '') out[key] = given[key];
  out.collapsed = given.collapsed === true;
  for (const key of [
    'author_name',
    'author_link',
    'author_icon',
    'title',
    'title_link',
    'title_link_download',
    'image_url',
    'audio_url',
    'video_url',
  ])
    if (typeof given[key] === 'string' && given[key] !== '') out[key] = given[key];
  if (Array.isArray(given.actions) && given.actions.length > 0) out.actions = given.actions;
  if (typeof given.button_alignment === 'string' && given.button_alignment !== '')
    out.button_alignment = given.button_alignment;
  if (Array.isArray(given.fields) && given.fields.length > 0)
    out.fields = given.fields.map((field) => {
      const one = (field && typeof field === 'object' ? field : {}) as Record<string, unknown>;
      return {
        short: one.short === true,
        ...(typeof one.title === 'string' && one.title !== '' ? { title: one.title } : {}),
        ...(typeof one.value === 'string' && one.value !== '' ? { value: one.value } : {}),
      };
    });
  return out;
}

function teamsRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  const urls = (options.recipientUrls ?? {}) as Record<string, string>;
  const url = urls[destination.recipient];
  if (!url) throw new Error(`no teams webhook configured for recipient ${destination.recipient}`);
  const teams = section(notification, 'teams');
  const card: Record<string, unknown> = {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    text: message,
  };
  if (text(teams.title)) card.title = text(teams.title);
  if (text(teams.summary)) card.summary = text(teams.summary);
  if (text(teams.text)) card.text = text(teams.text);
  if (text(teams.themeColor)) card.themeColor = text(teams.themeColor);
  const json = (field: string): unknown => {
    try {
      return JSON.parse(text(teams[field]));
    } catch (error) {
      throw new Error(`teams ${field} unmarshalling error ${(error as Error).message}`);
    }
  };
  if (text(teams.sections)) card.sections = json('sections');
  if (text(teams.facts)) card.sections = [...((card.sections as unknown[]) ?? []), { facts: json('facts') }];
  if (text(teams.potentialAction)) card.potentialAction = json('potentialAction');
  if (text(teams.template)) {
    return {
      kind: 'http',
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json' },
      body: text(teams.template),
      accept: 'teamsOne',
    };
  }
  return {
    kind: 'http',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(card),
    accept: 'teamsOne',
  };
}

/**
 * PagerDuty's Events API v2: a `trigger` event for the integration key `serviceKeys[recipient]`,
 * the payload from the template's `pagerdutyv2` block. `apiURL` (not an Argo setting; default
 * https://events.pagerduty.com) moves the endpoint, for a proxy or a test receiver.
 */
function pagerdutyV2Request(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
): HttpRequest {
  const keys = (options.serviceKeys ?? {}) as Record<string, unknown>;
  if (!Object.hasOwn(keys, destination.recipient))
    throw new Error(`no API key configured for recipient ${destination.recipient}`);
  const block = notification.pagerdutyv2;
  if (!block || typeof block !== 'object') throw new Error('no config found for pagerdutyv2');
  const pd = block as Record<string, unknown>;
  const payload: Record<string, string> = {
    summary: text(pd.summary),
    source: text(pd.source),
    severity: text(pd.severity),
  };
  for (const field of ['component', 'group', 'class'] as const) if (text(pd[field])) payload[field] = text(pd[field]);
  const event: Record<string, unknown> = {
    routing_key: text(keys[destination.recipient]),
    event_action: 'trigger',
    client: 'ArgoCD',
  };
  if (text(pd.url)) event.client_url = text(pd.url);
  event.payload = payload;
  const apiURL = (text(options.apiURL) || 'https://events.pagerduty.com').replace(/\/+$/, '');
  return {
    kind: 'http',
    method: 'POST',
    url: `${apiURL}/v2/enqueue`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
    accept: 'status202',
  };
}

/**
 * Opsgenie's create-alert call (POST /v2/alerts on host `apiUrl`, default api.opsgenie.com) with
 * the key `apiKeys[recipient]`, the recipient as the responding team, the message, and the
 * template's `opsgenie.description`, `priority`, `alias`. Like Opsgenie's client, https unless the
 * host has no "api" in it, and the body as Go's JSON encoder writes it.
 */
function opsgenieRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  const keys = (options.apiKeys ?? {}) as Record<string, unknown>;
  if (!Object.hasOwn(keys, destination.recipient))
    throw new Error(`no API key configured for recipient ${destination.recipient}`);
  const block = notification.opsgenie;
  const og = block && typeof block === 'object' ? (block as Record<string, unknown>) : undefined;
  if (og && !text(og.description)) throw new Error('Opsgenie notification description is missing');
  if (!message) throw new Error('message cannot be empty');
  const alert: Record<string, unknown> = { message };
  if (og && text(og.alias)) alert.alias = text(og.alias);
  if (og) alert.description = text(og.description);
  // Opsgenie's client tags type and username with "type, omitempty": Go always writes them.
  alert.responders = [{ type: 'team', id: destination.recipient, username: '' }];
  alert.source = 'Argo CD';
  if (og && text(og.priority)) alert.priority = text(og.priority);
  const host = text(options.apiUrl) || 'api.opsgenie.com';
  const scheme = host.includes('api') ? 'https' : 'http';
  return {
    kind: 'http',
    method: 'POST',
    url: `${scheme}://${host}/v2/alerts`,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      Accept: 'application/json',
      Authorization: `GenieKey ${text(keys[destination.recipient])}`,
    },
    body: goJsonLine(alert),
    accept: 'status2xx',
  };
}

/**
 * Telegram's sendMessage with the bot `token`, Markdown: a recipient starting with "-" is a chat
 * id, any other a channel name (sent as @name). `apiURL` (not an Argo setting; default
 * https://api.telegram.org) moves the endpoint. The form is encoded as Go's url.Values encodes it.
 */
function telegramRequest(options: Record<string, unknown>, destination: Destination, message: string): HttpRequest {
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

/** Go's url.QueryEscape: letters, digits and -_.~ stay, a space is +, every other byte %XX. */
function goQueryEscape(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Alertmanager: one alert (the template's `alertmanager.labels`, `annotations`, `generatorURL`;
 * `alertname` defaults to the template's name) posted to `scheme`://target`apiPath` for every
 * one of `targets`, with `basicAuth` or else `bearerToken`; sent when any target answers 200.
 */
function alertmanagerRequest(options: Record<string, unknown>, notification: Notification, now?: number): AnyOfRequest {
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

/**
 * Pushover's messages.json with the application `token` and the recipient as user key, as
 * Pushover's Go client sends it (priority 0, the form sorted by key). Both keys must be 30 letters
 * or digits and the message 1 to 1024 characters, as that client checks. `apiURL` (not an Argo
 * setting; default https://api.pushover.net) moves the endpoint.
 */
function pushoverRequest(options: Record<string, unknown>, destination: Destination, message: string): HttpRequest {
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

/**
 * A Grafana annotation (POST `apiUrl`/annotations, Bearer `apiKey`) with the message as text, the
 * time of sending in whole seconds, and as tags the recipient's, the template's `grafana.tags` and
 * the service's `tags`, each split at "|". Sent when Grafana answers 200.
 */
function grafanaRequest(
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

/** A time as Go's time.Time writes it in JSON (RFC 3339, UTC, trailing zeros of the fraction dropped). */
function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** JSON as Go's json.Marshal writes it: <, >, &, U+2028 and U+2029 escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** JSON as Go's json.Encoder writes it: json.Marshal's, a newline after. */
function goJsonLine(value: unknown): string {
  return `${goJson(value)}\n`;
}

function emailRequest(
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

function base64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
