// What `sluice run` says of the routes its gateway cannot serve: a GRPCRoute or TCPRoute named under
// the Gateway API plugin; nothing for HTTPRoutes, Istio or no traffic routing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localRoutingNotes } from '../../../src/api/local-routing.ts';
import type { Rollout } from '../../../src/api/types/rollout.ts';

function rollout(plugin?: Record<string, unknown>): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          ...(plugin ? { trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': plugin } } } : {}),
        },
      },
    },
  } as Rollout;
}

test('a GRPCRoute and a TCPRoute are said to be routed on a cluster only; an HTTPRoute is not', () => {
  assert.deepEqual(localRoutingNotes(rollout({ httpRoute: 'web', grpcRoute: 'api', tcpRoutes: [{ name: 'db' }] })), [
    'GRPCRoute shop/api is routed on a cluster only: the local gateway serves HTTPRoutes, so its weights are written here but not served (verification: cannot verify)',
    'TCPRoute shop/db is routed on a cluster only: the local gateway serves HTTPRoutes, so its weights are written here but not served (verification: cannot verify)',
  ]);
  assert.deepEqual(localRoutingNotes(rollout({ httpRoute: 'web' })), []);
  assert.deepEqual(localRoutingNotes(rollout()), []);
});
