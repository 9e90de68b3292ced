// Server-sent events over real HTTP on loopback: a burst is coalesced into few frames whose last
// is the latest state, the heartbeat comment comes on time, and `sendNow` is never held back.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { EventStream } from '../../../src/dashboard/server/event-stream.ts';
import { openStream } from '../../support/dashboard-http.ts';
import { waitFor } from '../../support/ports.ts';

let server: Server;
let base = '';
/** What each request's handler does with its stream. */
let script: (stream: EventStream) => void = () => {};

before(async () => {
  server = createServer((_request, response) =>
    script(new EventStream(response, { heartbeatMs: 60, coalesceMs: 100 })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('a burst of 50 states sends the first at once and the last within the interval; few frames', async () => {
  script = (stream) => {
    for (let i = 1; i <= 50; i++) stream.send('state', { i });
  };
  const reader = await openStream(base, '/');
  try {
    await reader.next('the last state', (event) => ((event.data as { i: number }).i === 50 ? true : undefined), 5_000);
    assert.deepEqual(
      reader.events.map((event) => (event.data as { i: number }).i),
      [1, 50],
    );
  } finally {
    reader.close();
  }
});

test('states spread over time: at most one frame per interval, the last always sent', async () => {
  script = (stream) => {
    let i = 0;
    const timer = setInterval(() => {
      i++;
      stream.send('state', { i });
      if (i === 30) clearInterval(timer);
    }, 10);
  };
  const opened = performance.now();
  const reader = await openStream(base, '/');
  try {
    await reader.next('the last state', (event) => ((event.data as { i: number }).i === 30 ? true : undefined), 5_000);
    // Frame k leaves at least (k-1) intervals after the first, so N frames take (N-1) intervals to
    // arrive: a bound that a slow reader only loosens.
    const elapsed = performance.now() - opened;
    assert.ok(reader.events.length >= 2, 'the first and the last');
    assert.ok(
      reader.events.length - 1 <= elapsed / 100,
      `${reader.events.length} frames in ${Math.round(elapsed)} ms for 30 states`,
    );
  } finally {
    reader.close();
  }
});

test('the heartbeat comment comes while nothing changes', async () => {
  script = (stream) => stream.send('state', { i: 1 });
  const reader = await openStream(base, '/');
  try {
    await waitFor('two heartbeats', async () => (reader.comments.length >= 2 ? true : undefined), 5_000, 10);
    assert.deepEqual(reader.comments.slice(0, 2), ['heartbeat', 'heartbeat']);
  } finally {
    reader.close();
  }
});

test('sendNow goes out at once, after what was pending; close ends the stream', async () => {
  script = (stream) => {
    stream.send('state', { i: 1 });
    stream.send('state', { i: 2 });
    stream.sendNow('gone', {});
    stream.close();
  };
  const reader = await openStream(base, '/');
  await waitFor('the end', async () => (reader.ended() ? true : undefined), 5_000, 10);
  assert.deepEqual(
    reader.events.map((event) => event.event),
    ['state', 'state', 'gone'],
  );
});
