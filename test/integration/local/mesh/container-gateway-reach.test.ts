// What reaches the mesh through the bridge relay (any container on the engine's bridge, sluice's
// or not) reaches the mesh's Services and nothing else: a proxied request or a CONNECT tunnel to
// the host's loopback, a link-local address or any host outside the mesh is refused by the
// mesh-only gateway behind the relay, and a peer outside the bridge's subnet is turned away. The
// relay listens on 127.0.0.2 here, with loopback standing in for the bridge's subnet; the clients
// are real curl runs with the relay as their proxy.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startBridgeRelay, type BridgeRelay } from '../../../../src/runtime/local/images/engine-network.ts';
import { LocalMesh } from '../../../../src/runtime/local/mesh/local-mesh.ts';
import { ManualEndpointSource } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { service, startPodServer, type PodServer } from '../services/pod-servers.ts';

const run = promisify(execFile);
const SECRET = 'loopback-only-secret';

/** curl through `proxy` (tunnelled with CONNECT when `tunnel`): "<status> <body>", or "error <exit code>". */
async function curl(proxy: string, url: string, tunnel = false): Promise<string> {
  const args = ['-s', '--max-time', '10', '-w', ' %{http_code}', '-x', proxy, ...(tunnel ? ['-p'] : []), url];
  try {
    const { stdout } = await run('curl', args);
    const at = stdout.lastIndexOf(' ');
    return `${stdout.slice(at + 1)} ${stdout.slice(0, at)}`;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return `error ${failed.code} ${failed.stdout ?? ''}`;
  }
}

describe('the bridge relay leads to the mesh only', () => {
  let mesh: LocalMesh;
  let pod: PodServer;
  let secret: http.Server;
  let secretPort: number;
  let relay: BridgeRelay;
  let proxy: string;

  before(async () => {
    pod = await startPodServer('web-pod', { app: 'web' });
    const source = new ManualEndpointSource();
    source.publish('ready', pod.endpoint());
    mesh = await LocalMesh.start({ endpoints: source });
    await mesh.putService(service('web', { app: 'web' }));
    // A service of the host that listens on loopback only, as a database or an admin API does.
    secret = http.createServer((_request, response) => response.end(SECRET));
    await new Promise<void>((resolve) => secret.listen(0, '127.0.0.1', resolve));
    secretPort = (secret.address() as AddressInfo).port;
    relay = await startBridgeRelay('127.0.0.2', mesh.containerGateway.port, { peers: ['127.0.0.0/8'] });
    proxy = `http://127.0.0.2:${relay.proxy.gateway.port}`;
  });
  after(async () => {
    await relay?.close();
    await mesh?.close();
    await pod?.close();
    await new Promise((resolve) => secret?.close(resolve));
  });

  it("serves the mesh's Services by their cluster DNS names", async () => {
    assert.equal(await curl(proxy, 'http://web/'), '200 web-pod');
    assert.equal(await curl(proxy, 'http://web.default.svc.cluster.local/', true), '200 web-pod');
  });

  it("refuses a proxied request to the host's loopback, or any host outside the mesh", async () => {
    for (const url of [
      `http://127.0.0.1:${secretPort}/`,
      `http://localhost:${secretPort}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://example.com/',
    ]) {
      const answer = await curl(proxy, url);
      assert.match(answer, /^403 /, url);
      assert.doesNotMatch(answer, new RegExp(SECRET), url);
    }
  });

  it("opens no CONNECT tunnel to the host's loopback", async () => {
    const answer = await curl(proxy, `http://127.0.0.1:${secretPort}/`, true);
    assert.doesNotMatch(answer, new RegExp(SECRET));
    assert.match(answer, /^(error|000|403)/);
  });

  it('turns away a peer outside the bridge subnet', async () => {
    const far = await startBridgeRelay('127.0.0.2', mesh.containerGateway.port, { peers: ['10.88.0.0/16'] });
    try {
      const answer = await curl(`http://127.0.0.2:${far.proxy.gateway.port}`, 'http://web/');
      assert.match(answer, /^error /);
    } finally {
      await far.close();
    }
  });

  it('the loopback gateway of process pods still passes other hosts on (they are on the host already)', async () => {
    assert.equal(
      await curl(`http://127.0.0.1:${mesh.gateway.port}`, `http://127.0.0.1:${secretPort}/`),
      `200 ${SECRET}`,
    );
  });
});

describe("the gateways' preferred ports", () => {
  it('takes a preferred port when it is free, else a free one', async () => {
    const first = await LocalMesh.start({ endpoints: new ManualEndpointSource() });
    try {
      const taken = first.gateway.port;
      const free = first.containerGateway.port;
      await first.close();
      // The first mesh is closed: both ports are free again, and are taken again.
      const again = await LocalMesh.start({
        endpoints: new ManualEndpointSource(),
        preferredGatewayPort: taken,
        containerGatewayPort: free,
      });
      try {
        assert.deepEqual([again.gateway.port, again.containerGateway.port], [taken, free]);
        // While they are in use, a third mesh gets other ports rather than failing.
        const third = await LocalMesh.start({
          endpoints: new ManualEndpointSource(),
          preferredGatewayPort: taken,
          containerGatewayPort: free,
        });
        assert.notEqual(third.gateway.port, taken);
        assert.notEqual(third.containerGateway.port, free);
        await third.close();
      } finally {
        await again.close();
      }
    } finally {
      await first.close();
    }
  });
});
