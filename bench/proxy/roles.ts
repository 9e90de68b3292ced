// The processes of the proxy benchmark, each started as `node bench/proxy/roles.ts <role> ...`:
//   app            two small HTTP apps (stable and canary) on free loopback ports
//   mesh A B       the local mesh's gateway in front of them, VirtualService weights 80/20
// Each prints one line of JSON with its ports once it listens, then runs until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import process from 'node:process';
import { LocalMesh } from '../../src/runtime/local/mesh/local-mesh.ts';
import { ManualEndpointSource } from '../../src/runtime/local/services/endpoint-source.ts';

const BODY = Buffer.from('{"color":"blue"}');

async function listen(name: string): Promise<number> {
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length, 'x-pod': name });
    response.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

async function startApps(): Promise<void> {
  const stable = await listen('app-stable');
  const canary = await listen('app-canary');
  console.log(JSON.stringify({ stable, canary }));
}

async function startMesh(stable: number, canary: number): Promise<void> {
  const source = new ManualEndpointSource();
  const mesh = await LocalMesh.start({ endpoints: source });
  const pod = (name: string, hash: string, port: number) => ({
    pod: name,
    namespace: 'default',
    labels: { app: 'app', 'rollouts-pod-template-hash': hash },
    ip: '127.0.0.1',
    ports: [{ containerPort: 8080, protocol: 'TCP', port }],
    ready: true,
    terminating: false,
  });
  source.publish('ready', pod('app-stable-1', 'stable', stable));
  source.publish('ready', pod('app-canary-1', 'canary', canary));
  const service = (name: string, hash: string) => ({
    apiVersion: 'v1',
    kind: 'Service' as const,
    metadata: { name, namespace: 'default' },
    spec: { selector: { app: 'app', 'rollouts-pod-template-hash': hash }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  await mesh.putService(service('app-stable', 'stable'));
  await mesh.putService(service('app-canary', 'canary'));
  await mesh.store.putVirtualService({
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      hosts: ['app'],
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'app-stable' }, weight: 80 },
            { destination: { host: 'app-canary' }, weight: 20 },
          ],
        },
      ],
    },
  });
  console.log(JSON.stringify({ gateway: mesh.gateway.port, metrics: mesh.metricsAddress.port }));
}

// A clean exit on SIGTERM/SIGINT, so that --cpu-prof can write its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));

const [role, ...args] = process.argv.slice(2);
if (role === 'app') await startApps();
else if (role === 'mesh') await startMesh(Number(args[0]), Number(args[1]));
else {
  console.error(`unknown role "${role}": expected app or mesh`);
  process.exit(2);
}
