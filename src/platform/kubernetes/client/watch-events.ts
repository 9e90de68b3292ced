// The watch stream's framing: newline-delimited JSON objects `{"type": ..., "object": ...}`
// that arrive in chunks cut anywhere, even inside a multi-byte UTF-8 character.
import { StringDecoder } from 'node:string_decoder';
import type { KubeStatus } from './errors.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; object: { metadata: { resourceVersion?: string; annotations?: Record<string, string> } } }
  | { type: 'ERROR'; object: KubeStatus };

const eventTypes = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

export class WatchStreamError extends Error {
  override name = 'WatchStreamError';
}

/** Splits a byte stream into watch events. Feed it chunks; it returns the events completed so far. */
export class WatchEventDecoder<T> {
  readonly #decoder = new StringDecoder('utf8');
  #pending = '';

  push(chunk: Buffer | string): WatchEvent<T>[] {
    this.#pending += typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    const events: WatchEvent<T>[] = [];
    let newline = this.#pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.#pending.slice(0, newline);
      this.#pending = this.#pending.slice(newline + 1);
      const event = parseEventLine<T>(line);
      if (event !== undefined) events.push(event);
      newline = this.#pending.indexOf('\n');
    }
    return events;
  }

  /** At the end of the stream: the last event when it was not followed by a newline. */
  end(): WatchEvent<T>[] {
    this.#pending += this.#decoder.end();
    const rest = this.#pending;
    this.#pending = '';
    const event = parseEventLine<T>(rest);
    return event === undefined ? [] : [event];
  }

  /** Bytes of an unfinished line held back (for tests and leak checks). */
  get pendingLength(): number {
    return this.#pending.length;
  }
}

/** One line of the stream; undefined for a blank line. Throws WatchStreamError on anything else. */
export function parseEventLine<T>(line: string): WatchEvent<T> | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WatchStreamError(`the watch stream sent a line that is not JSON: ${text.slice(0, 120)}`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new WatchStreamError(`the watch stream sent ${text.slice(0, 120)} instead of an event`);
  }
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || !eventTypes.has(type) || object === null || typeof object !== 'object') {
    throw new WatchStreamError(`the watch stream sent an event of unknown shape: ${text.slice(0, 120)}`);
  }
  return parsed as WatchEvent<T>;
}
