// listen() on real ports: a port another socket holds, an address this machine does not have and a
// privileged port each fail with a ListenError that names what, where and how to fix it, and leave
// the server free to listen again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { listen, ListenError } from '../../../src/platform/listen.ts';
import { occupiedPort } from '../../support/ports.ts';

const servers: Array<{ close(): unknown }> = [];
after(() => servers.forEach((server) => server.close()));

function server(): http.Server {
  const created = http.createServer((_request, response) => response.end('ok'));
  servers.push(created);
  return created;
}

async function heldPort(host: string): Promise<number> {
  const held = await occupiedPort(host);
  servers.push(held);
  return held.port;
}

async function refusal(target: Parameters<typeof listen>[1]): Promise<{ error: ListenError; server: http.Server }> {
  const refused = server();
  const before = { error: refused.listenerCount('error'), listening: refused.listenerCount('listening') };
  const error = await listen(refused, target).then(
    () => assert.fail(`listening on ${target.host}:${target.port} should have failed`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof ListenError, String(error));
  assert.equal(refused.listening, false);
  assert.equal(refused.listenerCount('error'), before.error, 'no error listener is left behind');
  assert.equal(refused.listenerCount('listening'), before.listening, 'no listening listener is left behind');
  return { error, server: refused };
}

function unprivilegedPortStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
  } catch {
    return 1024;
  }
}

describe('listen', () => {
  it('resolves the port picked for port 0 and keeps no listener of its own', async () => {
    const listening = server();
    const before = { error: listening.listenerCount('error'), listening: listening.listenerCount('listening') };
    const port = await listen(listening, { what: 'the test server', host: '127.0.0.1', port: 0 });
    assert.equal(port, (listening.address() as net.AddressInfo).port);
    assert.ok(port > 0);
    assert.deepEqual(
      { error: listening.listenerCount('error'), listening: listening.listenerCount('listening') },
      before,
    );
    const answer = await fetch(`http://127.0.0.1:${port}/`).then((response) => response.text());
    assert.equal(answer, 'ok');
  });

  it('names what, where and how to fix it when the port is in use, and the server can listen elsewhere after', async () => {
    const port = await heldPort('127.0.0.1');
    const { error, server: refused } = await refusal({
      what: 'the metrics server',
      host: '127.0.0.1',
      port,
      portHint: 'choose another with --metrics-port',
    });
    assert.equal(
      error.message,
      `the metrics server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --metrics-port`,
    );
    assert.equal(error.code, 'EADDRINUSE');
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'EADDRINUSE');
    const other = await listen(refused, { what: 'the metrics server', host: '127.0.0.1', port: 0 });
    assert.notEqual(other, port);
  });

  it('says to choose another port when no hint is given, and writes an IPv6 host in brackets', async (t) => {
    let port: number;
    try {
      port = await heldPort('::1');
    } catch {
      t.skip('this machine has no IPv6 loopback (::1)');
      return;
    }
    const { error } = await refusal({ what: 'the gateway', host: '::1', port });
    assert.equal(error.message, `the gateway cannot listen on [::1]:${port}: the port is in use; choose another port`);
  });

  it("says the address is not one of this machine's", async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a machine.
    const { error } = await refusal({ what: 'the health server', host: '192.0.2.1', port: 0 });
    assert.equal(error.code, 'EADDRNOTAVAIL');
    assert.equal(
      error.message,
      'the health server cannot listen on 192.0.2.1 (on a free port): 192.0.2.1 is not an address of this machine; use one of its addresses (127.0.0.1 for this machine only, 0.0.0.0 for all its interfaces)',
    );
  });

  it('says a port below 1024 needs privileges', async (t) => {
    if (process.getuid?.() === 0) return t.skip('runs as root, which may listen on any port');
    if (unprivilegedPortStart() <= 80)
      return t.skip('this system lets any user listen on port 80 (net.ipv4.ip_unprivileged_port_start)');
    const { error } = await refusal({
      what: 'the local API server',
      host: '127.0.0.1',
      port: 80,
      portHint: 'choose another with --api-port',
    });
    assert.equal(error.code, 'EACCES');
    assert.equal(
      error.message,
      'the local API server cannot listen on 127.0.0.1:80: this user may not listen on port 80 (ports below 1024 need privileges); choose another with --api-port',
    );
  });

  it('refuses a port out of range with the same kind of error', async () => {
    const { error } = await refusal({ what: 'the mesh gateway', host: '127.0.0.1', port: 70_000 });
    assert.match(error.message, /^the mesh gateway cannot listen on 127\.0\.0\.1:70000: .*70000/);
  });
});
