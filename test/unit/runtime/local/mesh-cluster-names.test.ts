// Which URLs the local runtime sends to its mesh: the cluster DNS forms of its Services only.
import { podmanMeshProxy } from '../../../../src/runtime/local/images/engine-network.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  meshProxyEnvironment,
  meshUrl,
  proxyNamespace,
  serviceOfHost,
} from '../../../../src/runtime/local/mesh/cluster-names.ts';
import { isLaunchProblem, planContainerLaunch } from '../../../../src/runtime/local/pods/container-launch.ts';

const gateway = { host: '127.0.0.1', port: 15000 };
const services = new Set(['demo/colorapi', 'default/web']);
const exists = (namespace: string, name: string) => services.has(`${namespace}/${name}`);

test('the cluster forms of a name, short names relative to the caller', () => {
  assert.deepEqual(serviceOfHost('colorapi', 'demo'), { name: 'colorapi', namespace: 'demo' });
  assert.deepEqual(serviceOfHost('colorapi.demo', 'x'), { name: 'colorapi', namespace: 'demo' });
  assert.deepEqual(serviceOfHost('colorapi.demo.svc', 'x'), { name: 'colorapi', namespace: 'demo' });
  assert.deepEqual(serviceOfHost('Colorapi.Demo.svc.cluster.local.', 'x'), { name: 'colorapi', namespace: 'demo' });
  assert.equal(serviceOfHost('example.com.au', 'x'), undefined);
});

test('a URL naming a Service goes to the gateway with the full name as Host; others are left alone', () => {
  assert.deepEqual(meshUrl('http://colorapi/color?x=1', 'demo', gateway, exists), {
    url: 'http://127.0.0.1:15000/color?x=1',
    host: 'colorapi.demo.svc.cluster.local',
  });
  assert.deepEqual(meshUrl('http://web.default.svc.cluster.local:8080/a', 'demo', gateway, exists), {
    url: 'http://127.0.0.1:15000/a',
    host: 'web.default.svc.cluster.local:8080',
  });
  assert.equal(meshUrl('http://colorapi/', 'other', gateway, exists), undefined, 'no Service colorapi in other');
  assert.equal(meshUrl('https://colorapi/', 'demo', gateway, exists), undefined);
  assert.equal(meshUrl('http://127.0.0.1:9090/', 'demo', gateway, exists), undefined);
  assert.equal(meshUrl('http://example.com/', 'demo', gateway, exists), undefined);
  assert.equal(meshUrl('not a url', 'demo', gateway, exists), undefined);
});

test("a pod's proxy URL names its namespace and name; the gateway reads the namespace back", () => {
  const env = meshProxyEnvironment(gateway, { namespace: 'demo', name: 'caller-7d9f-x2' });
  assert.equal(env['http_proxy'], 'http://demo:caller-7d9f-x2@127.0.0.1:15000');
  assert.equal(env['HTTP_PROXY'], env['http_proxy']);
  assert.equal(meshProxyEnvironment(gateway)['http_proxy'], 'http://127.0.0.1:15000');
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
  assert.equal(proxyNamespace(basic('demo:caller-7d9f-x2')), 'demo');
  assert.equal(proxyNamespace(basic('team-a:')), 'team-a');
  assert.equal(proxyNamespace(`  basic ${Buffer.from('demo:p').toString('base64')} `), 'demo');
  assert.equal(proxyNamespace([basic('demo:p')]), 'demo');
  // Credentials that name no namespace (a user of some other proxy) leave the gateway's default.
  assert.equal(proxyNamespace(basic('Alice:secret')), undefined);
  assert.equal(proxyNamespace(basic('a.b:x')), undefined);
  assert.equal(proxyNamespace(basic(`${'n'.repeat(64)}:x`)), undefined);
  assert.equal(proxyNamespace('Bearer abc'), undefined);
  assert.equal(proxyNamespace(undefined), undefined);
});

test("a podman container's proxy names its pod too, at the host loopback podman reaches; the manifest's env wins", () => {
  const plan = planContainerLaunch({
    container: { name: 'caller', image: 'shop/caller:1', env: [{ name: 'NO_PROXY', value: 'example.com' }] },
    pod: { name: 'caller-abc', namespace: 'shop', labels: {}, annotations: {}, ip: '127.0.0.1' },
    engine: { name: 'podman', program: '/usr/bin/podman' },
    name: 'sluice-shop-caller-abc-caller',
    ports: { primary: 41001, mapped: [] },
    gracePeriodSeconds: 30,
    hostEnv: {},
    meshProxy: podmanMeshProxy(15000),
  });
  assert.ok(!isLaunchProblem(plan));
  const env = plan.args.flatMap((arg, index) => (plan.args[index - 1] === '--env' ? [arg] : []));
  assert.ok(env.includes('http_proxy=http://shop:caller-abc@10.0.2.2:15000'), env.join(' '));
  assert.ok(env.includes('HTTP_PROXY=http://shop:caller-abc@10.0.2.2:15000'));
  assert.ok(env.includes('NO_PROXY=example.com'));
  assert.ok(!env.includes('NO_PROXY=localhost,127.0.0.1,::1'));
});
