import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignPorts, portEnvironment, resolvePort } from '../../../../../src/runtime/local/pods/container-ports.ts';

function allocator(start: number): () => Promise<number> {
  let next = start;
  return async () => next++;
}

test('each declared port gets its own loopback port; $PORT is the first TCP one', async () => {
  const ports = await assignPorts(
    [
      { containerPort: 9000, name: 'metrics', protocol: 'UDP' },
      { containerPort: 5000, name: 'web' },
      { containerPort: 6000 },
    ],
    allocator(40000),
  );
  assert.equal(ports.primary, 40001);
  assert.deepEqual(portEnvironment(ports), {
    PORT: '40001',
    SLUICE_PORT_9000: '40000',
    SLUICE_PORT_METRICS: '40000',
    SLUICE_PORT_5000: '40001',
    SLUICE_PORT_WEB: '40001',
    SLUICE_PORT_6000: '40002',
  });
});

test('a container that declares no port still gets a $PORT', async () => {
  const ports = await assignPorts(undefined, allocator(41000));
  assert.equal(ports.primary, 41000);
  assert.deepEqual(ports.mapped, [{ containerPort: undefined, protocol: 'TCP', port: 41000 }]);
});

test('resolvePort: by name, by declared number, undeclared numbers mean $PORT, unknown names are an error', async () => {
  const ports = await assignPorts(
    [
      { containerPort: 5000, name: 'web' },
      { containerPort: 9090, name: 'metrics' },
    ],
    allocator(42000),
  );
  assert.deepEqual(resolvePort(ports, 'web'), { port: 42000 });
  assert.deepEqual(resolvePort(ports, 9090), { port: 42001 });
  assert.deepEqual(resolvePort(ports, '9090'), { port: 42001 });
  assert.deepEqual(resolvePort(ports, 8080), { port: 42000 });
  const missing = resolvePort(ports, 'admin');
  assert.ok(
    'error' in missing &&
      /"admin" is not a named port of the container \(named ports: web, metrics\)/.test(missing.error),
  );
});
