// Forwards one request to an upstream HTTP server and its answer back, as a reverse proxy in a
// test does (streams both ways; either side going away ends the other).
import http from 'node:http';

export function forwardRequest(
  upstream: URL,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const forwarded = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, host: upstream.host, ...headers },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  forwarded.on('error', () => response.destroy());
  response.on('close', () => forwarded.destroy());
  request.pipe(forwarded);
}
