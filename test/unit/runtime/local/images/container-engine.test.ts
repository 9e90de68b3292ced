import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { test } from 'node:test';
import { containerImages } from '../../../../../src/runtime/local/images/container-engine.ts';

test('meshProxy: a relay that could not start is tried again by the next container', async (t) => {
  // A `docker` whose daemon is not up at the first call, then is: its default bridge is loopback's
  // 127.0.0.0/8 here, with the host at 127.0.0.2, where the relay can listen.
  const bin = mkdtempSync(path.join(os.tmpdir(), 'sluice-fake-docker-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  const calls = path.join(bin, 'calls');
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh
echo call >> '${calls}'
if [ "$(wc -l < '${calls}')" -le 1 ]; then echo 'Cannot connect to the Docker daemon' >&2; exit 1; fi
echo '127.0.0.0/8 127.0.0.2'
`,
  );
  chmodSync(path.join(bin, 'docker'), 0o755);
  const gateway = net.createServer((socket) => socket.end('gateway'));
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  t.after(() => gateway.close());
  const gatewayPort = (gateway.address() as net.AddressInfo).port;

  const saved = process.env['PATH'];
  process.env['PATH'] = `${bin}${path.delimiter}${saved ?? ''}`;
  const lines: string[] = [];
  let images: ReturnType<typeof containerImages>;
  try {
    images = containerImages('docker', (line) => lines.push(line));
  } finally {
    process.env['PATH'] = saved;
  }
  t.after(() => images.close());

  assert.equal(await images.meshProxy(gatewayPort), undefined, 'the daemon is not up yet');
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /Cannot connect to the Docker daemon/);
  const proxy = await images.meshProxy(gatewayPort);
  assert.deepEqual(proxy?.gateway, { host: '127.0.0.2', port: gatewayPort });
  const reply = await new Promise<string>((resolve, reject) => {
    let text = '';
    const client = net.connect(gatewayPort, '127.0.0.2');
    client.on('data', (data) => (text += data));
    client.on('end', () => resolve(text));
    client.on('error', reject);
  });
  assert.equal(reply, 'gateway', 'the relay leads to the gateway');
  // Started once, it is kept: no third look at the bridge.
  assert.deepEqual(await images.meshProxy(gatewayPort), proxy);
});
