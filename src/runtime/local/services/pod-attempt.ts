// One try of a request on one pod: relays the pod's answer to the client's response (or drops it,
// for a mirrored copy) and settles the outcome once: '-' when the answer was passed on completely,
// UF when the pod could not be reached (unless the caller retries elsewhere), UC when the pod broke
// off mid-answer (the client's connection is reset, as Envoy does), DC when the client went away.
import type http from 'node:http';
import type { ForwardOutcome } from './upstream-forwarder.ts';
import type { PodEndpoint } from './endpoint-source.ts';
import type { Exchange, ExchangeSink } from '../../../platform/http/exchange.ts';

export const CONNECT_FAILURE_TEXT =
  'upstream connect error or disconnect/reset before headers. reset reason: connection failure';

/** Header fields a proxy does not pass on (RFC 9110 §7.6.1). */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authenticate',
  'proxy-authorization',
]);

/** Lengths of the names in HOP_BY_HOP: other names are not lower-cased and looked up at all. */
const HOP_BY_HOP_LENGTHS = new Set([...HOP_BY_HOP].map((name) => name.length));

function isHopByHop(name: string): boolean {
  return HOP_BY_HOP_LENGTHS.has(name.length) && HOP_BY_HOP.has(name.toLowerCase());
}

/** The end-to-end fields of a raw header list; the list itself when it has no hop-by-hop field. */
export function endToEndHeaders(raw: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const hop = isHopByHop(raw[i]!);
    if (hop && !out) out = raw.slice(0, i);
    else if (!hop && out) out.push(raw[i]!, raw[i + 1]!);
  }
  return out ?? raw;
}

export interface AttemptHooks {
  /** The pod could not be reached; true when the caller retries elsewhere (this attempt then settles nothing). */
  retry(error: NodeJS.ErrnoException, reusedConnection: boolean): boolean;
  /** The attempt is over, with its outcome; called once. */
  settle(outcome: ForwardOutcome): void;
  /** The answer to the client when the pod is unreachable. */
  unreachable(response: http.ServerResponse): void;
}

export class PodAttempt implements ExchangeSink {
  readonly #endpoint: PodEndpoint;
  readonly #response: http.ServerResponse | undefined;
  readonly #hooks: AttemptHooks;
  #exchange: Exchange | undefined;
  #status = 0;
  #settled = false;
  readonly #onClientClose = () => this.#clientClosed();
  readonly #onDrain = () => this.#exchange?.resume();

  constructor(endpoint: PodEndpoint, response: http.ServerResponse | undefined, hooks: AttemptHooks) {
    this.#endpoint = endpoint;
    this.#response = response;
    this.#hooks = hooks;
    // Left in place after the attempt settles: a settled attempt ignores it, and removing costs more.
    response?.on('close', this.#onClientClose);
  }

  /** Starts relaying from `exchange` (or settles at once when the client is already gone). */
  attach(exchange: Exchange): void {
    this.#exchange = exchange;
    if (this.#response?.destroyed && !this.#settled) this.#clientClosed();
  }

  failed(error: NodeJS.ErrnoException, reusedConnection: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#hooks.retry(error, reusedConnection)) return;
    this.#unreachable();
  }

  head(status: number, rawHeaders: string[]): void {
    if (this.#settled) return;
    this.#status = status;
    try {
      this.#response?.writeHead(status, endToEndHeaders(rawHeaders));
    } catch {
      // Node refuses to write a field the pod sent (a control character, a name that is not a
      // token): a malformed answer, as node's client would have reported it.
      this.#exchange?.abort();
      this.#unreachable();
    }
  }

  data(chunk: Buffer): boolean {
    const response = this.#response;
    if (!response || this.#settled) return true;
    if (response.write(chunk)) return true;
    response.once('drain', this.#onDrain);
    return false;
  }

  end(last: Buffer | undefined): void {
    if (this.#settled) return;
    this.#response?.end(last);
    this.#settle(this.#status, '-');
  }

  broken(): void {
    if (this.#settled) return;
    this.#response?.destroy();
    this.#settle(this.#status, 'UC');
  }

  #clientClosed(): void {
    if (this.#settled || this.#response?.writableFinished) return;
    this.#exchange?.abort();
    this.#settle(this.#status, 'DC');
  }

  #unreachable(): void {
    if (this.#response) this.#hooks.unreachable(this.#response);
    this.#settle(503, 'UF');
  }

  #settle(status: number, flags: string): void {
    this.#settled = true;
    this.#hooks.settle({ status, flags, endpoint: this.#endpoint });
  }
}
