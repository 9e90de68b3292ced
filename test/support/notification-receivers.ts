// Real receivers on loopback for notification tests: an HTTP server that records every request
// (webhooks, Slack's chat.postMessage, Teams) and answers as the service would, and an SMTP server
// that records every message it accepts. Waiting is by condition (`waitFor`), never by sleeping.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { selfSignedCertificate } from './web-server.ts';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** When it arrived (performance.now()). */
  at: number;
}

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface HttpReceiver {
  url: string;
  requests: RecordedRequest[];
  /** Sets what a path answers (default 200 "ok"); a function may fail some calls, or add headers. */
  answer(path: string, reply: (request: RecordedRequest) => Reply): void;
  waitFor(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: RecordedRequest[] = [];
  const replies = new Map<string, (request: RecordedRequest) => Reply>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      requests.push(recorded);
      const reply: Reply = replies.get(recorded.path.split('?')[0] as string)?.(recorded) ?? {
        status: 200,
        body: 'ok',
      };
      response.writeHead(reply.status, { 'Content-Type': 'text/plain', ...reply.headers });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (path, reply) => replies.set(path, reply),
    waitFor: async (count, timeoutMs = 10_000) => {
      await until(() => requests.length >= count, timeoutMs, `${count} request(s) (have ${requests.length})`);
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The DATA as sent (headers, blank line, body), dot-stuffing undone. */
  data: string;
  auth?: string;
  /** Whether the message came over TLS (after STARTTLS). */
  secure: boolean;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  messages: ReceivedMail[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A small SMTP server (RFC 5321 subset: EHLO/HELO, STARTTLS with a self-signed certificate when
 * `starttls`, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
 */
export async function startSmtpReceiver(
  options: { starttls?: boolean } = {},
): Promise<SmtpReceiver & { cert: string }> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<net.Socket>();
  const certificate = options.starttls ? selfSignedCertificate() : { key: '', cert: '' };
  const server = net.createServer((plain) => {
    let socket: net.Socket = plain;
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    let buffer = '';
    let inData = false;
    let secure = false;
    let mail = { from: '', to: [] as string[], data: '' };
    let auth: string | undefined;
    plain.write('220 receiver.test ESMTP ready\r\n');
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push({ ...mail, secure, ...(auth ? { auth } : {}) });
          mail = { from: '', to: [], data: '' };
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO')
          socket.write(
            `250-receiver.test\r\n${options.starttls && !secure ? '250-STARTTLS\r\n' : ''}250 AUTH PLAIN\r\n`,
          );
        else if (verb === 'STAR' && options.starttls && !secure) {
          socket.write('220 2.0.0 ready to start TLS\r\n');
          plain.removeListener('data', onData);
          const upgraded = new tls.TLSSocket(plain, { isServer: true, key: certificate.key, cert: certificate.cert });
          upgraded.on('data', onData);
          upgraded.on('error', () => undefined);
          socket = upgraded;
          secure = true;
          buffer = '';
          return;
        } else if (verb === 'HELO') socket.write('250 receiver.test\r\n');
        else if (verb === 'AUTH') {
          auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
          socket.write('235 2.7.0 accepted\r\n');
        } else if (verb === 'MAIL') {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          socket.write('250 2.1.0 ok\r\n');
        } else if (verb === 'RCPT') {
          mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 end with <CRLF>.<CRLF>\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 2.0.0 bye\r\n');
          return;
        } else if (verb === 'RSET' || verb === 'NOOP') socket.write('250 ok\r\n');
        else socket.write('502 5.5.2 not implemented\r\n');
      }
    };
    plain.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    cert: certificate.cert,
    messages,
    waitFor: async (count, timeoutMs = 10_000) => {
      await until(() => messages.length >= count, timeoutMs, `${count} email(s) (have ${messages.length})`);
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port where nothing listens (a dead receiver): bound, then closed. */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
