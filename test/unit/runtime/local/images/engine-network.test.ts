import assert from 'node:assert/strict';
import net from 'node:net';
import type os from 'node:os';
import { test } from 'node:test';
import {
  dockerBridgeAddress,
  inSubnet,
  podmanMeshProxy,
  startBridgeRelay,
} from '../../../../../src/runtime/local/images/engine-network.ts';

const docker = { name: 'docker' as const, program: '/usr/bin/docker' };
const nic = (address: string): os.NetworkInterfaceInfo => ({
  address,
  family: 'IPv4',
  internal: false,
  netmask: '255.255.0.0',
  mac: '02:00:00:00:00:01',
  cidr: `${address}/16`,
});
const answer =
  (output: string, exitCode = 0) =>
  async () => ({ exitCode, output });

test('inSubnet: IPv4 addresses against CIDR subnets', () => {
  assert.equal(inSubnet('172.17.0.1', '172.17.0.0/16'), true);
  assert.equal(inSubnet('172.18.0.1', '172.17.0.0/16'), false);
  assert.equal(inSubnet('192.168.5.1', '192.168.5.0/24'), true);
  assert.equal(inSubnet('10.1.2.3', '0.0.0.0/0'), true);
  assert.equal(inSubnet('10.1.2.3', '10.1.2.3/32'), true);
  assert.equal(inSubnet('fe80::1', '172.17.0.0/16'), false);
  assert.equal(inSubnet('172.17.0.1', 'nonsense'), false);
});

test('dockerBridgeAddress: the named gateway when local, else the local address inside the subnet', async () => {
  const interfaces = { eth0: [nic('10.0.0.5')], docker0: [nic('172.17.0.1')] };
  // docker 20.10 names no gateway for its default bridge, only the subnet.
  assert.deepEqual(await dockerBridgeAddress(docker, answer('172.17.0.0/16 \n'), interfaces), {
    address: '172.17.0.1',
  });
  assert.deepEqual(await dockerBridgeAddress(docker, answer('172.17.0.0/16 172.17.0.1\n'), interfaces), {
    address: '172.17.0.1',
  });
});

test('dockerBridgeAddress: says why when no local address is on the bridge or docker fails', async () => {
  const remote = await dockerBridgeAddress(docker, answer('172.17.0.0/16 172.17.0.1\n'), { eth0: [nic('10.0.0.5')] });
  assert.ok('error' in remote && /no address of this machine is on docker's default bridge/.test(remote.error));
  const failed = await dockerBridgeAddress(docker, answer('Cannot connect to the Docker daemon', 1), {});
  assert.ok('error' in failed && /docker network inspect bridge" failed \(Cannot connect/.test(failed.error));
});

test('podmanMeshProxy: the host loopback of slirp4netns', () => {
  assert.deepEqual(podmanMeshProxy(8080), {
    url: 'http://10.0.2.2:8080',
    runArgs: ['--network', 'slirp4netns:allow_host_loopback=true'],
  });
});

test('startBridgeRelay: pipes each connection to the loopback port, both ways', async (t) => {
  const upstream = net.createServer((socket) => socket.on('data', (data) => socket.end(`echo ${data}`)));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  t.after(() => upstream.close());
  const relay = await startBridgeRelay('127.0.0.1', (upstream.address() as net.AddressInfo).port);
  const url = new URL(relay.proxy.url);
  assert.deepEqual(relay.proxy.runArgs, []);
  const reply = await new Promise<string>((resolve, reject) => {
    const client = net.connect(Number(url.port), url.hostname, () => client.write('hello'));
    let text = '';
    client.on('data', (data) => (text += data));
    client.on('end', () => resolve(text));
    client.on('error', reject);
  });
  assert.equal(reply, 'echo hello');
  await relay.close();
  await assert.rejects(
    new Promise<void>((resolve, reject) =>
      net.connect(Number(url.port), url.hostname, () => resolve()).on('error', reject),
    ),
  );
});
