// What reaches the mesh through the bridge relay (any container on the engine's bridge, sluice's
// or not) reaches the mesh's Services, and hosts outside the mesh as a pod reaches them, but never
// this machine: a proxied request or a CONNECT tunnel to the host's loopback, a link-local
// address or one of the host's interface addresses is refused by the mesh-only gateway behind the
// relay, and a peer outside the bridge's subnet is turned away. The relay listens on 127.0.0.2
// here, with loopback standing in for the bridge's subnet; the clients are real curl runs with
// the relay as their proxy. A host outside the mesh that is not this machine cannot listen on
// this machine: the gateway that passes requests on is given a resolver that names an address of
// this machine's interfaces as a host outside it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
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

describe("the bridge relay leads to the mesh's Services, never to this machine", () => {
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

  /** URLs that name this machine: its loopback, the metadata address, each interface address. */
  const hostUrls = () => [
    `http://127.0.0.1:${secretPort}/`,
    `http://localhost:${secretPort}/`,
    `http://127.0.0.2:${secretPort}/`,
    'http://169.254.169.254/latest/meta-data/',
    `http://[::1]:${secretPort}/`,
    `http://0.0.0.0:${secretPort}/`,
    ...interfaceAddresses().map((address) => `http://${urlHost(address)}:${secretPort}/`),
  ];

  it("refuses a proxied request to the host's loopback, link-local or interface addresses", async () => {
    for (const url of hostUrls()) {
      const answer = await curl(proxy, url);
      assert.match(answer, /^403 .*this machine/, url);
      assert.doesNotMatch(answer, new RegExp(SECRET), url);
    }
  });

  it('opens no CONNECT tunnel to the host, and says why', async () => {
    for (const url of hostUrls()) {
      const answer = await curl(proxy, url, true);
      assert.doesNotMatch(answer, new RegExp(SECRET), url);
      assert.match(answer, /^(error 56|000|403)/, url);
    }
    const { stderr } = await run('curl', [
      '-sv',
      '--max-time',
      '10',
      '-x',
      proxy,
      '-p',
      `http://127.0.0.1:${secretPort}/`,
    ]).catch((error: { stderr: string }) => error);
    assert.match(stderr, /403 Forbidden/);
    assert.match(stderr, /x-sluice-reason: host '127\.0\.0\.1' resolves to 127\.0\.0\.1, a loopback address/);
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

/** This machine's interface addresses, zone-less; loopback ones too. */
function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((entries) =>
    (entries ?? []).filter((entry) => !entry.scopeid).map((entry) => entry.address),
  );
}

function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** An address of this machine that is neither loopback nor link-local, to stand for a host elsewhere. */
function elsewhereAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .find((entry) => !entry.internal && entry.family === 'IPv4' && !entry.address.startsWith('169.254.'))?.address;
}

describe('the bridge relay leads to hosts outside the mesh that are not this machine', () => {
  const elsewhere = elsewhereAddress();
  const skip = elsewhere ? false : 'this machine has no interface address but loopback and link-local ones';
  if (!elsewhere && process.env['CI'] === 'true') throw new Error(`cannot run: ${skip}`);
  let mesh: LocalMesh;
  let outside: http.Server;
  let outsidePort: number;
  let relay: BridgeRelay;
  let proxy: string;
  const lookups: string[] = [];

  before(async () => {
    if (!elsewhere) return;
    // The host outside the mesh: it answers with the Host it was asked for.
    outside = http.createServer((request, response) => response.end(`outside ${request.headers.host}`));
    await new Promise<void>((resolve) => outside.listen(0, elsewhere, resolve));
    outsidePort = (outside.address() as AddressInfo).port;
    mesh = await LocalMesh.start({
      endpoints: new ManualEndpointSource(),
      containerEgress: {
        // `api.example` resolves to the address elsewhere once, then to loopback (DNS rebinding):
        // the gateway must connect to what it checked.
        lookup: async (name) => {
          lookups.push(name);
          if (name.endsWith('.invalid')) throw new Error(`getaddrinfo ENOTFOUND ${name}`);
          if (name !== 'api.example') return [{ address: name, family: name.includes(':') ? 6 : 4 }];
          const first = lookups.filter((asked) => asked === name).length % 2 === 1;
          return [{ address: first ? elsewhere : '127.0.0.1', family: 4 }];
        },
        interfaceAddresses: () => interfaceAddresses().filter((address) => address !== elsewhere),
      },
    });
    relay = await startBridgeRelay('127.0.0.2', mesh.containerGateway.port, { peers: ['127.0.0.0/8'] });
    proxy = `http://127.0.0.2:${relay.proxy.gateway.port}`;
  });
  after(async () => {
    await relay?.close();
    await mesh?.close();
    await new Promise((resolve) => (outside ? outside.close(resolve) : resolve(undefined)));
  });

  it('passes a proxied request on to the address it checked, with its Host', { skip }, async () => {
    lookups.length = 0;
    assert.equal(await curl(proxy, `http://api.example:${outsidePort}/`), `200 outside api.example:${outsidePort}`);
    assert.deepEqual(lookups, ['api.example']);
    // The second lookup answers loopback: refused, never connected.
    assert.match(await curl(proxy, `http://api.example:${outsidePort}/`), /^403 .*resolves to 127\.0\.0\.1/);
  });

  it('opens a CONNECT tunnel to the address it checked', { skip }, async () => {
    lookups.length = 0;
    assert.equal(
      await curl(proxy, `http://api.example:${outsidePort}/`, true),
      `200 outside api.example:${outsidePort}`,
    );
    assert.deepEqual(lookups, ['api.example']);
    assert.match(await curl(proxy, `http://api.example:${outsidePort}/`, true), /^(error 56|000)/);
  });

  it('answers 502 with the reason for a name that does not resolve', { skip }, async () => {
    assert.equal(
      await curl(proxy, 'http://nowhere.invalid/'),
      "502 host 'nowhere.invalid' does not resolve: getaddrinfo ENOTFOUND nowhere.invalid\n",
    );
    assert.match(await curl(proxy, 'http://nowhere.invalid/', true), /^(error 56|000)/);
  });

  it("still refuses the host's loopback", { skip }, async () => {
    assert.match(await curl(proxy, `http://127.0.0.1:${outsidePort}/`), /^403 /);
    assert.match(await curl(proxy, `http://localhost:${outsidePort}/`), /^403 /);
  });

  it("refuses the same address where it is this machine's (the system's view of its interfaces)", {
    skip,
  }, async () => {
    const real = await LocalMesh.start({ endpoints: new ManualEndpointSource() });
    const direct = `http://127.0.0.1:${real.containerGateway.port}`;
    try {
      const answer = await curl(direct, `http://${elsewhere}:${outsidePort}/`);
      assert.match(answer, /^403 .*an address of this machine's interfaces/);
      assert.match(await curl(direct, `http://${elsewhere}:${outsidePort}/`, true), /^(error 56|000)/);
    } finally {
      await real.close();
    }
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
