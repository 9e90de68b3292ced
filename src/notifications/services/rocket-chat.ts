// Rocket.Chat: a login, then the post made with its answer.
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { ChainRequest } from './request.ts';
import { text, section, goJson } from './fields.ts';

/**
 * Rocket.Chat as the engine's SDK client talks to it: `serverUrl`/api/v1/login with the `email` and
 * `password` (a form), then chat.postMessage (JSON) with the token and user id it answered. A
 * recipient starting with `#` or `@` is a channel, any other a room id; `alias`, `icon` (an emoji),
 * `avatar` (an http(s) URL) and the template's `rocketchat.attachments`.
 */
export function rocketChatRequest(
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

/** An attachment as the SDK's Attachment struct writes it back: its fields, in its order, `collapsed` always. */
export function rocketChatAttachment(value: unknown): Record<string, unknown> {
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
