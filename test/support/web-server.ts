// Real local HTTP(S) servers for provider tests: scripted answers, slow and failing ones.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Answer = { status?: number; body?: string; json?: unknown; headers?: Record<string, string> } | 'hang';
export type Handler = (request: RecordedRequest) => Answer | Promise<Answer>;

export async function startWebServer(handler: Handler, options: { tls?: boolean } = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const listener = (incoming: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const request = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = await handler(request);
      if (answer === 'hang') return; // never answers; close() drops the connection
      const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.body ?? '');
      const type = answer.json !== undefined ? { 'Content-Type': 'application/json' } : {};
      response.writeHead(answer.status ?? 200, { ...type, ...answer.headers }).end(body);
    });
  };
  const server = options.tls ? https.createServer(selfSignedCertificate(), listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test server has no port');
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON answer for each call in turn; the last one repeats. */
export function sequence(...answers: Answer[]): Handler {
  let index = 0;
  return () => answers[Math.min(index++, answers.length - 1)] ?? { status: 500 };
}

let certificate: { key: string; cert: string } | undefined;

/** A self-signed certificate for 127.0.0.1, made once with openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  if (certificate) return certificate;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
