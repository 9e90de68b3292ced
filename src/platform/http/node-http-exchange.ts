// An exchange over node's own http client, for what the socket client leaves alone: requests that
// expect `100-continue`, ask for an upgrade, use CONNECT, or carry header values it will not write.
import http from 'node:http';
import process from 'node:process';
import { resetError, type Exchange, type ExchangeRequest, type ExchangeSink } from './exchange.ts';

export function exchangeOverNodeHttp(agent: http.Agent, request: ExchangeRequest, sink: ExchangeSink): Exchange {
  let over = false;
  let answered = false;
  let incoming: http.IncomingMessage | undefined;
  let upstream: http.ClientRequest;
  try {
    upstream = http.request({
      host: request.host,
      port: request.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
      agent,
    });
  } catch (error) {
    // Invalid header names or values: reported as a failure to reach the server, after this call returns.
    process.nextTick(() => over || sink.failed(error as NodeJS.ErrnoException, false));
    return {
      resume: () => undefined,
      abort: () => {
        over = true;
      },
    };
  }
  upstream.on('response', (response) => {
    answered = true;
    incoming = response;
    sink.head(response.statusCode ?? 502, response.rawHeaders);
    response.on('data', (chunk: Buffer) => {
      if (!over && !sink.data(chunk)) response.pause();
    });
    response.on('end', () => {
      if (over) return;
      over = true;
      sink.end(undefined);
    });
    response.on('error', (error: NodeJS.ErrnoException) => {
      if (over) return;
      over = true;
      sink.broken(error);
    });
    response.on('close', () => {
      if (over || response.complete) return;
      over = true;
      sink.broken(resetError('aborted'));
    });
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (over || answered) return;
    over = true;
    sink.failed(error, upstream.reusedSocket);
  });
  upstream.end(request.body);
  return {
    resume: () => incoming?.resume(),
    abort: () => {
      over = true;
      upstream.destroy();
    },
  };
}
