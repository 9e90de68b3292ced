// Properties over any weight and any order of header/mirror route additions and removals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { HeaderRoute, MirrorRoute } from '../../../../src/traffic/desired.ts';
import { planIstioTraffic } from '../../../../src/traffic/routers/istio/plan.ts';
import { desired, hostLevelRollout, richVirtualService } from './fixtures.ts';

const MANAGED = ['h1', 'm1', 'h2', 'm2'];
const headers: Record<string, HeaderRoute> = {
  h1: { name: 'h1', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] },
  h2: { name: 'h2', match: [{ headerName: 'x-beta', headerValue: { prefix: 'yes' } }] },
};
const mirrors: Record<string, MirrorRoute> = {
  m1: { name: 'm1', match: [{ path: { prefix: '/api' } }], percentage: 20 },
  m2: { name: 'm2', match: [{ method: { exact: 'POST' } }], percentage: 100 },
};

const step = fc.record({
  weight: fc.integer({ min: 0, max: 100 }),
  routes: fc.subarray(MANAGED),
});

test('named route weights add up to 100, unrelated routes stay byte-identical, managed routes lead in order, apply is idempotent', () => {
  const rollout = hostLevelRollout({ managedRoutes: MANAGED });
  const original = richVirtualService();
  const unrelated = (vs: VirtualService) =>
    JSON.stringify(vs.spec.http?.filter((r) => r.name !== 'primary' && !MANAGED.includes(r.name ?? '')));
  const outside = (vs: VirtualService) => JSON.stringify({ ...vs, spec: { ...vs.spec, http: undefined } });
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
      let current = original;
      for (const { weight, routes } of steps) {
        const state = desired(weight, {
          headerRoutes: routes.filter((n) => n in headers).map((n) => headers[n]!),
          mirrorRoutes: routes.filter((n) => n in mirrors).map((n) => mirrors[n]!),
        });
        const plan = planIstioTraffic(rollout, state, { virtualServices: [current] });
        assert.deepEqual(plan.problems, []);
        const next = plan.virtualServices[0]!.object;
        const weighted =
          next.spec.http?.filter((r) => r.name === 'primary' || (r.mirror && MANAGED.includes(r.name ?? ''))) ?? [];
        for (const route of weighted) {
          const weights = route.route?.map((d) => d.weight ?? 0) ?? [];
          assert.equal(
            weights.reduce((a, b) => a + b, 0),
            100,
          );
          assert.equal(weights[1], weight);
        }
        assert.equal(unrelated(next), unrelated(original));
        assert.equal(outside(next), outside(original));
        const names = next.spec.http?.map((r) => r.name) ?? [];
        assert.deepEqual(
          names.slice(0, routes.length),
          MANAGED.filter((n) => routes.includes(n)),
        );
        assert.deepEqual(names.slice(routes.length), ['admin', 'primary', 'fallback']);
        const again = planIstioTraffic(rollout, state, { virtualServices: [next] });
        assert.equal(again.virtualServices[0]?.changed, false);
        current = next;
      }
      const end = planIstioTraffic(rollout, desired(0), { virtualServices: [current] }).virtualServices[0]!.object;
      assert.deepEqual(end, original);
    }),
    { numRuns: 200 },
  );
});
