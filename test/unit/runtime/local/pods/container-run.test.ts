import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerImages, findEngine } from '../../../../../src/runtime/local/images/container-engine.ts';
import {
  engineContainerName,
  passedByName,
  planContainerRun,
  podHostname,
  portsToPublish,
  resourceFlags,
} from '../../../../../src/runtime/local/pods/container-run.ts';

const engine = { name: 'podman' as const, program: '/usr/bin/podman' };
const ports = {
  primary: 41001,
  mapped: [
    { containerPort: 8080, name: 'http', protocol: 'TCP', port: 41001 },
    { containerPort: 9090, protocol: 'UDP', port: 41002 },
  ],
};

test('passedByName: values by name, but the names the engine reads and those podman would take as a pattern', () => {
  const host = { PATH: '/usr/bin', HOME: '/root' };
  for (const name of ['TOKEN', 'DB_PASSWORD', 'api.key', 'my-secret', 'GOOGLE_API_KEY', 'x'])
    assert.equal(passedByName(name, host), true, name);
  for (const name of [
    'PATH',
    'HOME',
    'DOCKER_HOST',
    'CONTAINERS_CONF',
    'XDG_RUNTIME_DIR',
    'LD_PRELOAD',
    'http_proxy',
    'NO_PROXY',
    'GODEBUG',
    'A*',
    'A B',
  ])
    assert.equal(passedByName(name, host), false, name);
});

test('planContainerRun: publishes each declared port on its loopback port, passes env, entrypoint, args and the grace period', () => {
  const plan = planContainerRun({
    engine,
    container: {
      name: 'web',
      image: 'shop/cart:2.3',
      command: ['/cart', '--serve'],
      args: ['--v', '2'],
      workingDir: '/srv',
    },
    name: 'sluice-default-cart-abc-web',
    env: { A: '1', B: 'x=y', LD_PRELOAD: '/lib/x.so' },
    ports,
    gracePeriodSeconds: 7,
    labels: { 'io.sluice.pod': 'default/cart-abc' },
    hostEnv: { PATH: '/usr/bin' },
  });
  assert.equal(plan.program, '/usr/bin/podman');
  // Values go to the engine in its own environment, named on the command line only (ps shows the
  // command line to every user); a name the engine reads itself stays on the command line.
  assert.deepEqual(plan.env, { PATH: '/usr/bin', A: '1', B: 'x=y' });
  assert.deepEqual(plan.container, { engine, name: 'sluice-default-cart-abc-web' });
  assert.deepEqual(plan.args, [
    'run',
    '--rm',
    '--name',
    'sluice-default-cart-abc-web',
    '--sig-proxy=true',
    '--stop-timeout',
    '7',
    '--replace',
    '--label',
    'io.sluice.pod=default/cart-abc',
    '--publish',
    '127.0.0.1:41001:8080/tcp',
    '--publish',
    '127.0.0.1:41002:9090/udp',
    '--env',
    'A',
    '--env',
    'B',
    '--env',
    'LD_PRELOAD=/lib/x.so',
    '--workdir',
    '/srv',
    '--entrypoint',
    '/cart',
    'shop/cart:2.3',
    '--serve',
    '--v',
    '2',
  ]);
});

test('planContainerRun: without a command the image entrypoint stays, args replace its CMD; docker gets no --replace', () => {
  const plan = planContainerRun({
    engine: { name: 'docker', program: '/usr/bin/docker' },
    container: { name: 'web', image: 'web:1', args: ['serve'] },
    name: 'n',
    env: {},
    ports: { primary: 1, mapped: [{ containerPort: undefined, protocol: 'TCP', port: 1 }] },
    gracePeriodSeconds: 30,
    labels: {},
    hostEnv: {},
  });
  assert.deepEqual(plan.args, [
    'run',
    '--rm',
    '--name',
    'n',
    '--sig-proxy=true',
    '--stop-timeout',
    '30',
    'web:1',
    'serve',
  ]);
});

test('resourceFlags: cpu and memory limits as the engine takes them; requests and bad quantities are left out', () => {
  assert.deepEqual(resourceFlags({ limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '2' } }), [
    '--cpus',
    '0.5',
    '--memory',
    `${64 * 1024 * 1024}b`,
  ]);
  assert.deepEqual(resourceFlags({ limits: { cpu: 2, memory: '1G' } }), ['--cpus', '2', '--memory', '1000000000b']);
  assert.deepEqual(resourceFlags({ limits: { cpu: 'lots', memory: '12Xi' } }), []);
  assert.deepEqual(resourceFlags(undefined), []);
});

test('portsToPublish: a probe port number that is not declared is published too', () => {
  const published = portsToPublish({
    name: 'c',
    ports: [{ containerPort: 8080, name: 'http' }],
    readinessProbe: { httpGet: { path: '/', port: 'http' } },
    livenessProbe: { httpGet: { path: '/', port: 9901 } },
    startupProbe: { tcpSocket: { port: 8080 } },
  });
  assert.deepEqual(published, [
    { containerPort: 8080, name: 'http' },
    { containerPort: 9901, protocol: 'TCP' },
  ]);
});

test('engineContainerName: only characters an engine accepts', () => {
  assert.equal(engineContainerName('demo', 'web-6d9f-x2', 'app'), 'sluice-demo-web-6d9f-x2-app');
  assert.equal(engineContainerName('a b', 'p', 'c:1'), 'sluice-a-b-p-c-1');
});

test('findEngine: says what is missing and how to install it; none turns engines off', () => {
  const missing = findEngine('podman', '/nonexistent');
  assert.ok('missing' in missing && /no podman found on PATH.*apt-get install podman/.test(missing.missing));
  const auto = findEngine('auto', '/nonexistent');
  assert.ok('missing' in auto && /no podman or docker found/.test(auto.missing));
  const none = findEngine('none');
  assert.ok('missing' in none && /turned off/.test(none.missing));
});

test('containerImages: says once per image what runs it and why', async () => {
  const lines: string[] = [];
  const images = containerImages('none', (line) => lines.push(line));
  images.catalogued('sluice/colorapi:1.0');
  images.catalogued('sluice/colorapi:1.0');
  assert.deepEqual(await images.lookup('shop/cart:2.3'), {
    engine: undefined,
    missing: 'container engines are turned off (--container-engine none)',
    present: false,
  });
  await images.lookup('shop/cart:2.3');
  assert.deepEqual(lines, [
    'image sluice/colorapi:1.0: runs as a process (listed in the image catalogue)',
    'image shop/cart:2.3: not in the image catalogue, and container engines are turned off (--container-engine none)',
  ]);
});

test('planContainerRun: the hostname, and the mesh proxy with the network flags of its engine', () => {
  const base = {
    container: { name: 'web', image: 'web:1' },
    name: 'n',
    env: { http_proxy: 'http://mine:1' },
    ports: { primary: 1, mapped: [{ containerPort: undefined, protocol: 'TCP', port: 1 }] },
    gracePeriodSeconds: 30,
    labels: {},
    hostEnv: {},
    hostname: 'cart-7d4b9-x2x4q',
  };
  const podman = planContainerRun({
    ...base,
    engine,
    meshProxy: {
      gateway: { host: '10.0.2.2', port: 8080 },
      runArgs: ['--network', 'slirp4netns:allow_host_loopback=true'],
    },
  });
  const docker = planContainerRun({
    ...base,
    engine: { name: 'docker', program: '/usr/bin/docker' },
    meshProxy: { gateway: { host: '172.17.0.1', port: 40000 }, runArgs: [] },
  });
  for (const plan of [podman, docker]) {
    const at = plan.args.indexOf('--hostname');
    assert.equal(plan.args[at + 1], 'cart-7d4b9-x2x4q');
    // The manifest's own proxy variable wins over the mesh's.
    assert.ok(plan.args.includes('http_proxy=http://mine:1'), plan.args.join(' '));
    assert.ok(!plan.args.includes('http_proxy=http://10.0.2.2:8080'));
  }
  assert.ok(podman.args.join(' ').includes('--network slirp4netns:allow_host_loopback=true'));
  assert.ok(podman.args.includes('HTTP_PROXY=http://10.0.2.2:8080'));
  assert.ok(!docker.args.includes('--network'), docker.args.join(' '));
  assert.ok(docker.args.includes('HTTP_PROXY=http://172.17.0.1:40000'));
  assert.ok(docker.args.includes('NO_PROXY=localhost,127.0.0.1,::1'));
});

test('podHostname: spec.hostname or the pod name, cut to 63 characters without a trailing - or .', () => {
  assert.equal(podHostname('web-abc'), 'web-abc');
  assert.equal(podHostname('web-abc', 'db-0'), 'db-0');
  const long = `${'a'.repeat(61)}-.bcd`;
  assert.equal(podHostname(long), 'a'.repeat(61));
  assert.equal(podHostname('b'.repeat(70)), 'b'.repeat(63));
});
