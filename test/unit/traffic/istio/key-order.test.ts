// The API server returns an object's keys in its own order (sorted, for custom resources), not in
// the order the router built them: a VirtualService already as desired must still plan as
// unchanged, or the router reports a change on every pass without writing anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../../../../src/api/pod-template-hash.ts';
import type { DestinationRule, VirtualService } from '../../../../src/api/types/istio.ts';
import { createIstioTrafficRouter } from '../../../../src/traffic/routers/istio/istio-router.ts';
import { desired, subsetLevelDestinationRule, subsetLevelRollout, subsetLevelVirtualService } from './fixtures.ts';
import { MemoryIstioStore } from './memory-store.ts';

const header = { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };

test('an object already in place, read back with its keys in another order, plans no change', async () => {
  const store = new MemoryIstioStore([subsetLevelVirtualService(), subsetLevelDestinationRule()]);
  const router = createIstioTrafficRouter(subsetLevelRollout(['header-route']), store);
  const state = desired(30, { headerRoutes: [header] });
  assert.equal((await router.apply(state)).changed, true);
  for (const [kind, name] of [
    ['VirtualService', 'rollout-vsvc'],
    ['DestinationRule', 'rollout-ds'],
  ] as const) {
    const stored = store.read<VirtualService | DestinationRule>(kind, 'rollout-demo', name);
    assert.ok(stored);
    store.put(JSON.parse(canonicalJson(stored)) as VirtualService | DestinationRule);
  }
  const writes = store.writes;
  assert.deepEqual(await router.apply(state), { changed: false, problems: [] });
  assert.equal(store.writes, writes);
});
