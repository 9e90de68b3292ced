// Slack threads as the notifications engine keeps them: a template's `slack.groupingKey` groups the
// messages to one recipient; the first is posted and its `ts` remembered, the next ones are posted
// in its thread (`thread_ts`, and `reply_broadcast` with `notifyBroadcast`). `deliveryPolicy`
// decides what a later message does: `Post` (the default) posts in the thread, `Update` edits the
// first message (chat.update, to the channel id Slack answered), `PostAndUpdate` does both. As in
// the engine, what is remembered lives in memory: one set per process, by recipient. Pure: the
// dispatcher sends the requests `plan` gives and hands the answer to `posted`.
import type { HttpRequest } from './request.ts';

export type SlackDeliveryPolicy = 'Post' | 'PostAndUpdate' | 'Update';

/** One message to Slack's chat API, before the thread is known. */
export interface SlackRequest {
  kind: 'slack';
  /** chat.postMessage as it is sent outside a thread. */
  post: HttpRequest;
  recipient: string;
  groupingKey: string;
  broadcast: boolean;
  policy: SlackDeliveryPolicy;
}

export function deliveryPolicyOf(value: unknown): SlackDeliveryPolicy {
  // The engine reads any other word as Post.
  return value === 'Update' || value === 'PostAndUpdate' ? value : 'Post';
}

export class SlackThreads {
  readonly #threads = new Map<string, Map<string, string>>();
  readonly #channels = new Map<string, string>();

  /** The calls that send `request` now: a post, an update, or both (in that order). */
  plan(request: SlackRequest): { post?: HttpRequest; update?: HttpRequest; threadTs: string } {
    const threadTs =
      request.groupingKey === '' ? '' : (this.#threads.get(request.recipient)?.get(request.groupingKey) ?? '');
    const form = new URLSearchParams(request.post.body);
    if (threadTs !== '') form.set('thread_ts', threadTs);
    const out: { post?: HttpRequest; update?: HttpRequest; threadTs: string } = { threadTs };
    if (threadTs === '' || request.policy !== 'Update') out.post = { ...request.post, body: form.toString() };
    if (threadTs !== '' && request.policy !== 'Post') {
      const update = new URLSearchParams(form);
      update.delete('reply_broadcast');
      update.set('channel', this.#channels.get(request.recipient) ?? request.recipient);
      update.set('ts', threadTs);
      update.set('as_user', 'true');
      out.update = {
        ...request.post,
        url: request.post.url.replace(/chat\.postMessage$/, 'chat.update'),
        body: update.toString(),
      };
    }
    return out;
  }

  /** Remembers what Slack answered a post: the thread's first `ts`, and the recipient's channel id. */
  posted(request: SlackRequest, threadTs: string, answer: string): void {
    let parsed: { ts?: unknown; channel?: unknown };
    try {
      parsed = JSON.parse(answer) as { ts?: unknown; channel?: unknown };
    } catch {
      return;
    }
    if (request.groupingKey !== '' && threadTs === '' && typeof parsed.ts === 'string' && parsed.ts !== '') {
      const thread = this.#threads.get(request.recipient) ?? new Map<string, string>();
      thread.set(request.groupingKey, parsed.ts);
      this.#threads.set(request.recipient, thread);
    }
    if (typeof parsed.channel === 'string') this.#channels.set(request.recipient, parsed.channel);
  }
}
