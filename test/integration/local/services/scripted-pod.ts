// A pod that answers with raw bytes chosen by the test, for what node's own server never sends
// (reads until close, resets mid-answer, closes kept-alive connections): it reads each request head
// (and a Content-Length body), then calls `answer`. It counts connections opened and closed, and
// lets a test wait until a number of them have closed.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
  head: string;
  method: string;
  body: Buffer;
  /** Requests seen on this connection before this one. */
  index: number;
}

export interface ScriptedPod {
  port: number;
  opened: number;
  closed: number;
  requests: ScriptedRequest[];
  /** Resolves once at least `count` connections have closed. */
  closedAtLeast(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startScriptedPod(
  answer: (request: ScriptedRequest, socket: net.Socket) => void,
): Promise<ScriptedPod> {
  const sockets = new Set<net.Socket>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const pod: ScriptedPod = {
    port: 0,
    opened: 0,
    closed: 0,
    requests: [],
    closedAtLeast: (count) =>
      pod.closed >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((socket) => {
    pod.opened++;
    sockets.add(socket);
    let pending = Buffer.alloc(0);
    let index = 0;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        const request = {
          head,
          method: head.slice(0, head.indexOf(' ')),
          body: pending.subarray(end + 4, end + 4 + length),
          index: index++,
        };
        pending = pending.subarray(end + 4 + length);
        pod.requests.push(request);
        answer(request, socket);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      pod.closed++;
      for (const waiter of waiters.filter((w) => pod.closed >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  pod.port = (server.address() as AddressInfo).port;
  return pod;
}
