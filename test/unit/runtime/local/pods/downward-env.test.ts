// The downward API in env as kubelet resolves it: fieldRef to every field kubelet gives env, and
// resourceFieldRef (requests and limits, divisor, containerName, the node's allocatable for a limit
// left out, rounding up to whole units of the divisor). The expected values are Kubernetes' own:
// the "Expose Pod Information to Containers Through Environment Variables" task (its
// dapi-envars-container.yaml prints 1, 1, 33554432 and 67108864) and kubelet's conversion
// (`ceil(milli(cpu) / milli(divisor))`, `ceil(bytes / divisor)`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, EnvVar } from '../../../../../src/api/types/pod.ts';
import { resolveContainerEnv, type PodFields } from '../../../../../src/runtime/local/pods/config-env.ts';
import { parseQuantity, type NodeAllocatable } from '../../../../../src/runtime/local/pods/resource-fields.ts';

const node: NodeAllocatable = { cpu: 6, memoryBytes: 16 * 2 ** 30, ephemeralStorageBytes: 100e9 };

const pod: PodFields = {
  name: 'dapi-envars-fieldref',
  namespace: 'shop',
  labels: { app: 'web', 'rollouts-pod-template-hash': '5d8f' },
  annotations: { 'example.com/owner': 'team-a' },
  ip: '127.0.0.1',
  uid: '0b0c6f2e-8f1d-4c1e-9a53-2f4b8e3c1d2a',
  serviceAccountName: 'shop-sa',
  node,
};

function resolve(container: Container, fields: PodFields = pod) {
  return resolveContainerEnv(container, { ...fields, containers: fields.containers ?? [container] }, undefined, {});
}

function values(env: EnvVar[], resources?: Record<string, unknown>, fields?: PodFields): Record<string, string> {
  const resolved = resolve({ name: 'test-container', env, ...(resources ? { resources } : {}) }, fields);
  assert.ok('env' in resolved, 'problem' in resolved ? resolved.problem.message : '');
  return resolved.env;
}

const field = (name: string, fieldPath: string): EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const resource = (name: string, ref: Record<string, unknown>): EnvVar => ({
  name,
  valueFrom: { resourceFieldRef: ref },
});

test('fieldRef gives every field kubelet gives env', () => {
  assert.deepEqual(
    values([
      field('NAME', 'metadata.name'),
      field('NAMESPACE', 'metadata.namespace'),
      field('UID', 'metadata.uid'),
      field('APP', "metadata.labels['app']"),
      field('OWNER', "metadata.annotations['example.com/owner']"),
      field('MISSING_LABEL', "metadata.labels['nope']"),
      field('NODE', 'spec.nodeName'),
      field('SA', 'spec.serviceAccountName'),
      field('HOST_IP', 'status.hostIP'),
      field('HOST_IPS', 'status.hostIPs'),
      field('POD_IP', 'status.podIP'),
      field('POD_IPS', 'status.podIPs'),
    ]),
    {
      NAME: 'dapi-envars-fieldref',
      NAMESPACE: 'shop',
      UID: '0b0c6f2e-8f1d-4c1e-9a53-2f4b8e3c1d2a',
      APP: 'web',
      OWNER: 'team-a',
      MISSING_LABEL: '',
      NODE: 'local',
      SA: 'shop-sa',
      HOST_IP: '127.0.0.1',
      HOST_IPS: '127.0.0.1',
      POD_IP: '127.0.0.1',
      POD_IPS: '127.0.0.1',
    },
  );
  const { serviceAccountName: _, ...withoutAccount } = pod;
  assert.equal(values([field('SA', 'spec.serviceAccountName')], undefined, withoutAccount)['SA'], 'default');
});

test('a fieldRef kubelet does not give env is CreateContainerConfigError naming the fields it does', () => {
  const resolved = resolve({ name: 'c', env: [field('LABELS', 'metadata.labels')] });
  assert.ok('problem' in resolved);
  assert.equal(resolved.problem.reason, 'CreateContainerConfigError');
  assert.match(resolved.problem.message, /^env LABELS of container "c": valueFrom metadata.labels is not available/);
  assert.match(resolved.problem.message, /metadata\.uid.*spec\.serviceAccountName.*status\.podIPs/);
});

test("resourceFieldRef: the documented example's requests and limits (cpu rounded up to whole cores)", () => {
  const resources = { requests: { memory: '32Mi', cpu: '125m' }, limits: { memory: '64Mi', cpu: '250m' } };
  const ref = (name: string, which: string) => resource(name, { containerName: 'test-container', resource: which });
  assert.deepEqual(
    values(
      [
        ref('MY_CPU_REQUEST', 'requests.cpu'),
        ref('MY_CPU_LIMIT', 'limits.cpu'),
        ref('MY_MEM_REQUEST', 'requests.memory'),
        ref('MY_MEM_LIMIT', 'limits.memory'),
      ],
      resources,
    ),
    { MY_CPU_REQUEST: '1', MY_CPU_LIMIT: '1', MY_MEM_REQUEST: '33554432', MY_MEM_LIMIT: '67108864' },
  );
});

test('resourceFieldRef: divisors, each rounding up to a whole unit', () => {
  const resources = {
    requests: { cpu: '125m', memory: '1500k' },
    limits: { cpu: '2.5', memory: '1Gi', 'ephemeral-storage': '1G', 'hugepages-2Mi': '4Mi' },
  };
  const cases: Array<[string, string | number | undefined, string]> = [
    ['requests.cpu', '1m', '125'],
    ['limits.cpu', '1m', '2500'],
    ['limits.cpu', '1', '3'],
    ['limits.cpu', '1000m', '3'],
    ['limits.cpu', undefined, '3'],
    ['limits.cpu', '0', '3'],
    ['requests.memory', '1', '1500000'],
    ['requests.memory', '1Ki', '1465'],
    ['requests.memory', '1M', '2'],
    ['limits.memory', '1Mi', '1024'],
    ['limits.memory', '1M', '1074'],
    ['limits.memory', '1Gi', '1'],
    ['limits.memory', '1G', '2'],
    ['limits.ephemeral-storage', '1Mi', '954'],
    ['requests.ephemeral-storage', '1G', '1'],
    ['limits.hugepages-2Mi', '1Mi', '4'],
    ['requests.hugepages-2Mi', '1Mi', '4'],
    ['limits.hugepages-1Gi', '1', '0'],
  ];
  for (const [which, divisor, expected] of cases) {
    const env = values([resource('V', { resource: which, ...(divisor !== undefined ? { divisor } : {}) })], resources);
    assert.equal(env['V'], expected, `${which} / ${String(divisor)}`);
  }
});

test('resourceFieldRef: a request left out is its limit; a limit left out is the node allocatable; no request is 0', () => {
  const only = (resources: Record<string, unknown> | undefined, which: string, divisor?: string) =>
    values([resource('V', { resource: which, ...(divisor ? { divisor } : {}) })], resources)['V'];
  assert.equal(only({ limits: { cpu: '300m' } }, 'requests.cpu', '1m'), '300');
  assert.equal(only({ limits: { memory: '64Mi' } }, 'requests.memory'), '67108864');
  assert.equal(only(undefined, 'limits.cpu'), '6');
  assert.equal(only(undefined, 'limits.cpu', '1m'), '6000');
  assert.equal(only(undefined, 'limits.memory', '1Mi'), '16384');
  assert.equal(only(undefined, 'limits.ephemeral-storage', '1G'), '100');
  assert.equal(only({ limits: { memory: '1Gi' } }, 'limits.cpu'), '6');
  assert.equal(only(undefined, 'requests.cpu'), '0');
  assert.equal(only(undefined, 'requests.memory'), '0');
});

test("resourceFieldRef: containerName reads another container's resources", () => {
  const sidecar: Container = { name: 'sidecar', resources: { limits: { memory: '256Mi' } } };
  const main: Container = {
    name: 'main',
    resources: { limits: { memory: '1Gi' } },
    env: [resource('SIDECAR_MEM', { containerName: 'sidecar', resource: 'limits.memory', divisor: '1Mi' })],
  };
  const resolved = resolve(main, { ...pod, containers: [main, sidecar] });
  assert.ok('env' in resolved);
  assert.equal(resolved.env['SIDECAR_MEM'], '256');
});

test('resourceFieldRef mistakes are CreateContainerConfigError with what to write instead', () => {
  const problem = (ref: Record<string, unknown>, resources?: Record<string, unknown>) => {
    const resolved = resolve({ name: 'c', env: [resource('V', ref)], ...(resources ? { resources } : {}) });
    assert.ok('problem' in resolved);
    assert.equal(resolved.problem.reason, 'CreateContainerConfigError');
    return resolved.problem.message;
  };
  assert.match(
    problem({ resource: 'limits.cpu', divisor: '1Mi' }),
    /divisor "1Mi" is not valid for limits.cpu: use one of 1m, 1$/,
  );
  assert.match(problem({ resource: 'limits.memory', divisor: '1m' }), /divisor "1m" is not valid .*1Ki/);
  assert.match(problem({ resource: 'limits.memory', divisor: '2Mi' }), /divisor "2Mi" is not valid/);
  assert.match(problem({ resource: 'limits.gpu' }), /resource "limits.gpu" is not one of limits.cpu, /);
  assert.match(
    problem({ resource: 'limits.cpu', containerName: 'nope' }),
    /names container "nope", which the pod does not have; name one of "c"/,
  );
  assert.match(
    problem({ resource: 'limits.cpu' }, { limits: { cpu: 'lots' } }),
    /limits.cpu of container "c" is "lots", which is no quantity/,
  );
});

test('quantities are read exactly (no float error before rounding up)', () => {
  const exact = (text: string) => {
    const q = parseQuantity(text);
    assert.ok(q, text);
    return Number(q.numerator) / Number(q.denominator);
  };
  assert.equal(exact('0.1'), 0.1);
  assert.equal(exact('1.5Gi'), 1.5 * 2 ** 30);
  assert.equal(exact('2e3'), 2000);
  assert.equal(exact('12E-1'), 1.2);
  assert.equal(exact('.5'), 0.5);
  assert.equal(exact('100n'), 1e-7);
  assert.equal(parseQuantity('1.5.2'), undefined);
  assert.equal(parseQuantity('5 Mi'), undefined);
  // No digit at all: zero down to nano scale (Go's fast path), refused below it (inf.Dec reads no number).
  assert.equal(exact('.e-9'), 0);
  assert.equal(parseQuantity('.e-20'), undefined);
  // 0.1 of a core is 100m exactly: in floats 0.1 * 1000 is 100.00000000000001, which rounds up to 101.
  assert.equal(
    values([resource('V', { resource: 'limits.cpu', divisor: '1m' })], { limits: { cpu: '0.1' } })['V'],
    '100',
  );
});
