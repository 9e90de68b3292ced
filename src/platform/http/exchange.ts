// One HTTP request and its answer, as its caller (such as the local mesh's forwarder) sees it,
// whichever client carries it: the pooled socket client (socket-exchange.ts) or node's http client
// (node-http-exchange.ts).
import type http from 'node:http';

export interface ExchangeRequest {
  host: string;
  port: number;
  method: string;
  /** Request target: path and query. */
  url: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer | undefined;
}

/** Receives the exchange's events; exactly one of failed, end or broken ends it. */
export interface ExchangeSink {
  /** Nothing of an answer arrived. `reusedConnection`: the connection had carried an earlier exchange. */
  failed(error: NodeJS.ErrnoException, reusedConnection: boolean): void;
  /** The final answer's status and its header fields as received, alternating name and value. */
  head(status: number, rawHeaders: string[]): void;
  /** A piece of the body; false asks to pause until `resume()`. */
  data(chunk: Buffer): boolean;
  /** The body is complete; `last` is its final piece when it came with the end. */
  end(last: Buffer | undefined): void;
  /** The connection failed or closed after the head, before the body was complete. */
  broken(error: NodeJS.ErrnoException | undefined): void;
}

export interface Exchange {
  /** Continues after `data` returned false. */
  resume(): void;
  /** Stops the exchange (the client went away) and closes its connection; no more events follow. */
  abort(): void;
}

export function resetError(message = 'socket hang up'): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = 'ECONNRESET';
  return error;
}
