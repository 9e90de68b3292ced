import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import {
  bridgeAddresses,
  firstHost,
  inSubnet,
  podmanMeshProxy,
  startBridgeRelay,
} from '../../../../../src/runtime/local/images/engine-network.ts';

const docker = { name: 'docker' as const, program: '/usr/bin/docker' };
const answer =
  (output: string, exitCode = 0) =>
  async () => ({ exitCode, output });

test('bridgeAddresses: the named gateway, else the first address of the subnet', async () => {
  const asked: string[][] = [];
  const podman = { name: 'podman' as const, program: '/usr/bin/podman' };
  const recorded = async (_engine: unknown, args: string[]) => {
    asked.push(args);
    return { exitCode: 0, output: '10.88.0.0/16 10.88.0.1\n' };
  };
  assert.deepEqual(await bridgeAddresses(podman, recorded), { addresses: ['10.88.0.1'], subnets: ['10.88.0.0/16'] });
  assert.deepEqual(asked[0]?.slice(0, 3), ['network', 'inspect', 'podman']);
  // docker 20.10 may name no gateway for its default bridge, only the subnet.
  assert.deepEqual(await bridgeAddresses(docker, answer('172.17.0.0/16 \n')), {
    addresses: ['172.17.0.1'],
    subnets: ['172.17.0.0/16'],
  });
  assert.deepEqual(await bridgeAddresses(docker, answer('192.168.5.0/24 192.168.5.9\n')), {
    addresses: ['192.168.5.9'],
    subnets: ['192.168.5.0/24'],
  });
  assert.deepEqual(await bridgeAddresses(docker, answer('172.17.0.0/16 \nfd00::/64 \n')), {
    addresses: ['172.17.0.1'],
    subnets: ['172.17.0.0/16'],
  });
});

test('bridgeAddresses: says why when the bridge has no IPv4 subnet or docker fails', async () => {
  const none = await bridgeAddresses(docker, answer('fd00::/64 \n'));
  assert.ok('error' in none && /has no IPv4 subnet/.test(none.error), JSON.stringify(none));
  const failed = await bridgeAddresses(docker, answer('Cannot connect to the Docker daemon', 1));
  assert.ok('error' in failed && /docker network inspect bridge" failed \(Cannot connect/.test(failed.error));
  const podman = { name: 'podman' as const, program: '/usr/bin/podman' };
  const empty = await bridgeAddresses(podman, answer('\n'));
  assert.ok('error' in empty && /podman's default network has no IPv4 subnet/.test(empty.error), JSON.stringify(empty));
});

test('firstHost: the first host address of a subnet', () => {
  assert.equal(firstHost('172.17.0.0/16'), '172.17.0.1');
  assert.equal(firstHost('10.200.3.128/25'), '10.200.3.129');
  assert.equal(firstHost('10.200.3.7/24'), '10.200.3.1');
  assert.equal(firstHost('fd00::/64'), undefined);
  assert.equal(firstHost('10.0.0.0/32'), undefined);
});

test('inSubnet: IPv4 and IPv4-mapped addresses inside a subnet', () => {
  assert.equal(inSubnet('172.17.0.5', '172.17.0.0/16'), true);
  assert.equal(inSubnet('::ffff:172.17.3.9', '172.17.0.0/16'), true);
  assert.equal(inSubnet('172.18.0.5', '172.17.0.0/16'), false);
  assert.equal(inSubnet('192.168.1.20', '172.17.0.0/16'), false);
  assert.equal(inSubnet('10.88.0.7', '10.88.0.0/16'), true);
  assert.equal(inSubnet('::1', '10.88.0.0/16'), false);
  assert.equal(inSubnet('10.88.0.7', 'fd00::/64'), false);
});

test('podmanMeshProxy: the host loopback of slirp4netns', () => {
  assert.deepEqual(podmanMeshProxy(8080), {
    gateway: { host: '10.0.2.2', port: 8080 },
    runArgs: ['--network', 'slirp4netns:allow_host_loopback=true'],
  });
});

test('startBridgeRelay: pipes each connection to the loopback port, both ways', async (t) => {
  const upstream = net.createServer((socket) => socket.on('data', (data) => socket.end(`echo ${data}`)));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  t.after(() => upstream.close());
  const relay = await startBridgeRelay('127.0.0.1', (upstream.address() as net.AddressInfo).port, {
    peers: ['127.0.0.0/8'],
  });
  const { host, port } = relay.proxy.gateway;
  assert.equal(host, '127.0.0.1');
  assert.deepEqual(relay.proxy.runArgs, []);
  const reply = await new Promise<string>((resolve, reject) => {
    const client = net.connect(port, host, () => client.write('hello'));
    let text = '';
    client.on('data', (data) => (text += data));
    client.on('end', () => resolve(text));
    client.on('error', reject);
  });
  assert.equal(reply, 'echo hello');
  await relay.close();
  await assert.rejects(
    new Promise<void>((resolve, reject) => net.connect(port, host, () => resolve()).on('error', reject)),
  );
});

test("startBridgeRelay: takes the gateway's port number where it is free", async (t) => {
  const upstream = net.createServer((socket) => socket.end('up'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  t.after(() => upstream.close());
  const port = (upstream.address() as net.AddressInfo).port;
  // 127.0.0.2 is loopback too, and the gateway's port number is free there.
  const relay = await startBridgeRelay('127.0.0.2', port, { peers: ['127.0.0.0/8'] });
  t.after(() => relay.close());
  assert.deepEqual(relay.proxy.gateway, { host: '127.0.0.2', port });
});

test('startBridgeRelay: an error once listening (EMFILE on accept) is told, and the relay goes on', async (t) => {
  const upstream = net.createServer((socket) => socket.end('up'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  t.after(() => upstream.close());
  // The relay's server, as it listens (node emits accept errors on it).
  const servers: net.Server[] = [];
  const listen = net.Server.prototype.listen;
  t.mock.method(net.Server.prototype, 'listen', function (this: net.Server, ...args: unknown[]) {
    servers.push(this);
    return Reflect.apply(listen, this, args);
  });
  const lines: string[] = [];
  const relay = await startBridgeRelay('127.0.0.2', (upstream.address() as net.AddressInfo).port, {
    peers: ['127.0.0.0/8'],
    log: (line) => lines.push(line),
  });
  t.after(() => relay.close());
  t.mock.restoreAll();
  const server = servers.at(-1);
  assert.ok(server?.listening);
  const emfile = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE', syscall: 'accept' });
  assert.doesNotThrow(() => server.emit('error', emfile));
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /mesh relay on 127\.0\.0\.2:\d+: EMFILE/);
  const reply = await new Promise<string>((resolve, reject) => {
    let text = '';
    const client = net.connect(relay.proxy.gateway.port, '127.0.0.2');
    client.on('data', (data) => (text += data));
    client.on('end', () => resolve(text));
    client.on('error', reject);
  });
  assert.equal(reply, 'up');
});
