// A small mesh for tests: `web` with stable (hash aaa) and canary (hash bbb) pods behind the Services
// `web`, `web-stable`, `web-canary`, and `api` with one pod, all real HTTP servers on loopback.
import type { DestinationRule, HTTPRoute, VirtualService } from '../../../../src/api/types/istio.ts';
import { LocalMesh } from '../../../../src/runtime/local/mesh/local-mesh.ts';
import { ManualEndpointSource } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { service, startPodServer, type PodHandler, type PodServer } from '../services/pod-servers.ts';

export const STABLE = { app: 'web', 'rollouts-pod-template-hash': 'aaa' };
export const CANARY = { app: 'web', 'rollouts-pod-template-hash': 'bbb' };

export interface TestMesh {
  mesh: LocalMesh;
  source: ManualEndpointSource;
  pods: Record<string, PodServer>;
  close(): Promise<void>;
}

export async function startTestMesh(options: { canaryHandler?: PodHandler } = {}): Promise<TestMesh> {
  const pods: Record<string, PodServer> = {
    'web-aaa-1': await startPodServer('web-aaa-1', STABLE),
    'web-aaa-2': await startPodServer('web-aaa-2', STABLE),
    'web-bbb-1': await startPodServer(
      'web-bbb-1',
      CANARY,
      options.canaryHandler ? { handler: options.canaryHandler } : {},
    ),
    'api-1': await startPodServer('api-1', { app: 'api' }),
  };
  const source = new ManualEndpointSource();
  for (const pod of Object.values(pods)) source.publish('ready', pod.endpoint());
  const mesh = await LocalMesh.start({ endpoints: source });
  await mesh.putService(service('web', { app: 'web' }));
  await mesh.putService(service('web-stable', STABLE));
  await mesh.putService(service('web-canary', CANARY));
  await mesh.putService(service('api', { app: 'api' }));
  return {
    mesh,
    source,
    pods,
    close: async () => {
      await mesh.close();
      await Promise.all(Object.values(pods).map((pod) => pod.close()));
    },
  };
}

export function virtualService(
  name: string,
  hosts: string[],
  http: HTTPRoute[],
  namespace = 'default',
): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: { hosts, http },
  };
}

export function destinationRule(
  name: string,
  host: string,
  subsets: Array<{ name: string; labels: Record<string, string> }>,
  namespace = 'default',
): DestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host, subsets },
  };
}

export function to(host: string, weight?: number, subset?: string) {
  return { destination: { host, ...(subset ? { subset } : {}) }, ...(weight !== undefined ? { weight } : {}) };
}

/** `stable`, `canary` or the pod name for other pods. */
export function roleOfPod(pod: string | undefined): string {
  if (pod?.startsWith('web-aaa')) return 'stable';
  if (pod?.startsWith('web-bbb')) return 'canary';
  return pod ?? 'none';
}
