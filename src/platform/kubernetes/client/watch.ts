// One watch request: opens `?watch=1` and hands every event to a callback until the server
// closes the stream, an error occurs or stop() is called. It does not reconnect; the
// informers' reflector does that (re-watch from the last resourceVersion, relist on 410).
import { errorFromResponse, KubeConnectionError, type RequestTarget } from './errors.ts';
import { metricVerb, type RequestObserver } from './request-metrics.ts';
import { queryString, resourcePath } from './request-path.ts';
import type { ResourceType } from './resources.ts';
import type { Timers } from './timers.ts';
import type { Transport } from './transport.ts';
import { WatchEventDecoder, type WatchEvent } from './watch-events.ts';

export interface WatchOptions {
  /** Omit (or "") for all namespaces. */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Start after this version; omit to get synthetic ADDED events for what exists now. */
  resourceVersion?: string | undefined;
  /** The server ends the watch after this long. Default 300. */
  timeoutSeconds?: number | undefined;
  /** Default true. */
  allowBookmarks?: boolean | undefined;
}

export type WatchEnd = { reason: 'closed' } | { reason: 'stopped' } | { reason: 'error'; error: Error };

export interface Watch {
  /** Ends the watch and destroys its socket. Idempotent. */
  stop(): void;
  /** Settles (never rejects) when the watch is over, for whatever reason. */
  readonly ended: Promise<WatchEnd>;
}

export interface WatchContext {
  transport: Transport;
  timers: Timers;
  observe?: RequestObserver | undefined;
}

/**
 * Opens a watch. Rejects with a typed error when the server refuses it (a 410 Gone for a
 * resourceVersion that is too old, 403, ...); resolves once events can flow.
 */
export async function openWatch<T>(
  context: WatchContext,
  resource: ResourceType,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
): Promise<Watch> {
  const target: RequestTarget = {
    verb: 'watch',
    resource: resource.plural,
    // As every other request's target (client.ts): a refusal names `rollouts (argoproj.io)`. A
    // watch is never of a subresource.
    group: resource.group,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const path =
    resourcePath(resource, { namespace: options.namespace }) +
    queryString({
      watch: 1,
      allowWatchBookmarks: options.allowBookmarks ?? true,
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      timeoutSeconds,
    });
  const started = context.timers.now();
  const record = (statusCode: number): void =>
    context.observe?.({
      verb: metricVerb('GET', false, true),
      kind: resource.plural,
      namespace: options.namespace ?? '',
      name: '',
      statusCode,
      durationMs: context.timers.now() - started,
    });
  let stream;
  try {
    // The idle deadline is longer than the server's own timeout, so a healthy watch ends on
    // the server's side; a silent dead connection is cut by this one.
    stream = await context.transport.openStream({ method: 'GET', path, timeoutMs: (timeoutSeconds + 30) * 1000 });
  } catch (error) {
    record(0);
    const cause = error as KubeConnectionError;
    throw new KubeConnectionError(cause.message, { target, ...(cause.code ? { code: cause.code } : {}), cause });
  }
  record(stream.statusCode);
  if (stream.statusCode !== 200) {
    const body = await readBody(stream.response);
    stream.close();
    throw errorFromResponse(stream.statusCode, body, target);
  }
  return followStream(stream, onEvent);
}

function followStream<T>(
  stream: { response: NodeJS.ReadableStream & { destroyed?: boolean }; close(): void },
  onEvent: (event: WatchEvent<T>) => void,
): Watch {
  const decoder = new WatchEventDecoder<T>();
  let finish: (end: WatchEnd) => void = () => {};
  let finished = false;
  const ended = new Promise<WatchEnd>((resolve) => {
    finish = (end) => {
      if (finished) return;
      finished = true;
      stream.response.removeAllListeners('data');
      stream.close();
      resolve(end);
    };
  });
  const deliver = (events: WatchEvent<T>[]): void => {
    for (const event of events) {
      if (finished) return;
      onEvent(event);
    }
  };
  stream.response.on('data', (chunk: Buffer) => {
    try {
      deliver(decoder.push(chunk));
    } catch (error) {
      finish({ reason: 'error', error: error as Error });
    }
  });
  stream.response.on('end', () => {
    try {
      deliver(decoder.end());
      finish({ reason: 'closed' });
    } catch (error) {
      finish({ reason: 'error', error: error as Error });
    }
  });
  stream.response.on('error', (error: Error) => finish({ reason: 'error', error }));
  stream.response.on('close', () => finish({ reason: 'closed' }));
  return { stop: () => finish({ reason: 'stopped' }), ended };
}

function readBody(response: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
