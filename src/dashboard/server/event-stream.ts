// Server-sent events for the live pages: named events with JSON data, a comment every 15 s so
// proxies keep the connection open and a dead peer is noticed, and bursts coalesced so a stream
// sends at most one frame per interval, the last state always sent.
import type { ServerResponse } from 'node:http';

export const HEARTBEAT_MS = 15_000;
export const COALESCE_MS = 150;

export interface EventStreamOptions {
  heartbeatMs?: number;
  coalesceMs?: number;
}

export class EventStream {
  readonly #response: ServerResponse;
  readonly #coalesceMs: number;
  readonly #heartbeat: NodeJS.Timeout;
  #lastSentAt = -Infinity;
  #pending: { event: string; data: unknown } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(response: ServerResponse, options: EventStreamOptions = {}) {
    this.#response = response;
    this.#coalesceMs = options.coalesceMs ?? COALESCE_MS;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    this.#heartbeat = setInterval(() => this.#write(': heartbeat\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends now when the last frame is older than the interval; else keeps only the latest until then. */
  send(event: string, data: unknown): void {
    if (this.#closed) return;
    this.#pending = { event, data };
    if (this.#timer) return;
    const wait = this.#lastSentAt + this.#coalesceMs - performance.now();
    if (wait <= 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  /** Sends at once, after what is pending (`gone`, `error`: the last word of a stream). */
  sendNow(event: string, data: unknown): void {
    this.#flush();
    this.#frame(event, data);
  }

  close(): void {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (this.#timer) clearTimeout(this.#timer);
    this.#response.end();
  }

  /** The peer went away: stop without writing. */
  dispose(): void {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (this.#timer) clearTimeout(this.#timer);
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) this.#frame(pending.event, pending.data);
  }

  #frame(event: string, data: unknown): void {
    this.#lastSentAt = performance.now();
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  #write(text: string): void {
    if (this.#closed || this.#response.destroyed) return;
    this.#response.write(text);
  }
}
