// ConfigMaps and Secrets as kubelet hands them to a container: envFrom then env, optional sources,
// a missing object or key as CreateContainerConfigError (env) or ContainerCreating with
// FailedMount's message (volumes), items with paths and modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, PodSpec } from '../../../../../src/api/types/pod.ts';
import { ConfigObjects } from '../../../../../src/runtime/local/config/config-objects.ts';
import { configObjectOf } from '../../../../../src/runtime/local/config/config-data.ts';
import { resolveContainerEnv } from '../../../../../src/runtime/local/pods/config-env.ts';
import { mountProblem, planVolumes } from '../../../../../src/runtime/local/pods/config-volumes.ts';

const pod = { name: 'web-1', namespace: 'shop', labels: {}, annotations: {}, ip: '127.0.0.1' };

function objects(): ConfigObjects {
  const config = new ConfigObjects();
  for (const document of [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
      data: { COLOR: 'blue', 'app.yaml': 'level: debug\n', 'not a name': 'x' },
      binaryData: { 'logo.bin': Buffer.from([0, 1, 2, 255]).toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'shop' },
      data: { password: Buffer.from('s3cret').toString('base64') },
      stringData: { user: 'admin' },
    },
    // Same name in another namespace: a pod of shop never sees it.
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' }, data: { A: '1' } },
  ]) {
    const object = configObjectOf(document);
    assert.ok(object);
    config.put(object);
  }
  return config;
}

function env(container: Partial<Container>, base: Record<string, string> = {}) {
  return resolveContainerEnv({ name: 'web', ...container }, pod, objects(), base);
}

test('envFrom comes first (with its prefix, skipping keys that are no variable names), then env in order', () => {
  const result = env({
    envFrom: [{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'creds' }, prefix: 'DB_' }],
    env: [
      { name: 'COLOR', value: 'red-over-$(COLOR)' },
      { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
      { name: 'FILE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'app.yaml' } } },
    ],
  });
  assert.ok('env' in result);
  assert.deepEqual(result.env, {
    COLOR: 'red-over-blue',
    'app.yaml': 'level: debug\n',
    'logo.bin': Buffer.from([0, 1, 2, 255]).toString('utf8'),
    DB_password: 's3cret',
    DB_user: 'admin',
    PASS: 's3cret',
    FILE: 'level: debug\n',
  });
});

test('a missing object or key is CreateContainerConfigError with what is missing; optional leaves the variable unset', () => {
  const missing = env({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'other', key: 'A' } } }] });
  assert.ok('problem' in missing);
  assert.equal(missing.problem.reason, 'CreateContainerConfigError');
  assert.match(missing.problem.message, /^configmap "other" not found \(env A of container "web"\)/);

  const key = env({ env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] });
  assert.ok('problem' in key);
  assert.match(key.problem.message, /^couldn't find key token in Secret shop\/creds/);

  const from = env({ envFrom: [{ secretRef: { name: 'nope' } }] });
  assert.ok('problem' in from);
  assert.match(from.problem.message, /^secret "nope" not found \(envFrom of container "web"\)/);

  const optional = env(
    {
      envFrom: [{ configMapRef: { name: 'nope', optional: true } }],
      env: [
        { name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'token', optional: true } } },
        { name: 'Q', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } } },
      ],
    },
    { P: 'underneath' },
  );
  assert.deepEqual(optional, { env: { P: 'underneath' } });
});

function spec(volumes: unknown[], mounts: unknown[]): PodSpec {
  return { containers: [{ name: 'web', volumeMounts: mounts }], volumes };
}

test('a configMap volume holds every key (binary too) with defaultMode; items choose keys, paths and modes', () => {
  const all = planVolumes(
    spec(
      [{ name: 'cfg', configMap: { name: 'settings', defaultMode: 0o400 } }],
      [{ name: 'cfg', mountPath: '/etc/cfg' }],
    ),
    'shop',
    objects(),
  );
  assert.ok('volumes' in all);
  assert.deepEqual(
    all.volumes[0]?.files.map((f) => [f.path, f.bytes.toString('base64'), f.mode]),
    [
      ['COLOR', Buffer.from('blue').toString('base64'), 0o400],
      ['app.yaml', Buffer.from('level: debug\n').toString('base64'), 0o400],
      ['logo.bin', Buffer.from([0, 1, 2, 255]).toString('base64'), 0o400],
      ['not a name', Buffer.from('x').toString('base64'), 0o400],
    ],
  );
  const items = planVolumes(
    spec(
      [{ name: 's', secret: { secretName: 'creds', items: [{ key: 'password', path: 'db/pass', mode: 0o600 }] } }],
      [{ name: 's', mountPath: '/run/s', readOnly: false }],
    ),
    'shop',
    objects(),
  );
  assert.ok('volumes' in items);
  assert.deepEqual(
    items.volumes.map((v) => [v.name, v.readOnly, v.files.map((f) => [f.path, f.bytes.toString(), f.mode])]),
    [['s', true, [['db/pass', 's3cret', 0o600]]]],
  );
});

test("a mounted volume whose object or key is missing keeps the pod in ContainerCreating with FailedMount's message", () => {
  const object = planVolumes(
    spec([{ name: 'cfg', configMap: { name: 'absent' } }], [{ name: 'cfg', mountPath: '/etc/cfg' }]),
    'shop',
    objects(),
  );
  assert.ok('problem' in object);
  assert.equal(object.problem.reason, 'ContainerCreating');
  assert.match(object.problem.message, /^MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found/);

  const key = planVolumes(
    spec(
      [{ name: 'cfg', configMap: { name: 'settings', items: [{ key: 'nope', path: 'x' }] } }],
      [{ name: 'cfg', mountPath: '/etc/cfg' }],
    ),
    'shop',
    objects(),
  );
  assert.ok('problem' in key);
  assert.match(key.problem.message, /configmap references non-existent config key: nope/);

  const optional = planVolumes(
    spec(
      [
        { name: 'cfg', configMap: { name: 'absent', optional: true } },
        { name: 'unused', hostPath: { path: '/' } },
      ],
      [{ name: 'cfg', mountPath: '/etc/cfg' }],
    ),
    'shop',
    objects(),
  );
  assert.ok('volumes' in optional);
  assert.deepEqual(
    optional.volumes.map((v) => [v.name, v.files.length]),
    [['cfg', 0]],
  );

  const unsupported = planVolumes(
    spec([{ name: 'h', hostPath: { path: '/' } }], [{ name: 'h', mountPath: '/host' }]),
    'shop',
    objects(),
  );
  assert.ok('problem' in unsupported);
  assert.match(unsupported.problem.message, /volumes of type hostPath are not supported by the local runtime/);
});

test('a mount of an undeclared volume, a relative mountPath or a subPath with .. is CreateContainerConfigError', () => {
  assert.match(
    mountProblem(spec([], [{ name: 'x', mountPath: '/x' }]))?.message ?? '',
    /mounts volume "x", which spec.volumes does not declare/,
  );
  assert.match(
    mountProblem(spec([{ name: 'x', emptyDir: {} }], [{ name: 'x', mountPath: 'rel' }]))?.message ?? '',
    /needs an absolute mountPath/,
  );
  assert.match(
    mountProblem(spec([{ name: 'x', emptyDir: {} }], [{ name: 'x', mountPath: '/x', subPath: '../up' }]))?.message ??
      '',
    /must be a relative path without/,
  );
  assert.equal(
    mountProblem(spec([{ name: 'x', emptyDir: {} }], [{ name: 'x', mountPath: '/x', subPath: 'a/b' }])),
    undefined,
  );
});
