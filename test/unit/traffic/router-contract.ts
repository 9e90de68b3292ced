// The TrafficRouter contract: every implementation (the Istio router over a store fake here, the
// runtimes' routers later) runs it. An implementation that cannot honour a clause lists it in
// `skips` with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DesiredTraffic } from '../../../src/traffic/desired.ts';
import type { TrafficRouter } from '../../../src/traffic/router.ts';

export interface ContractSubject {
  router: TrafficRouter;
  /** Everything the router may write, as stored now (compared for idempotency). */
  snapshot(): Promise<unknown>;
  /** What the router must never touch: the stored objects with the routed parts taken out. */
  untouchable(): Promise<unknown>;
  /** Make the provider's configuration unusable for the rollout (e.g. rename the weighted route). */
  breakConfiguration(): Promise<void>;
  /** Weights of every weighted route, as [canary, stable] pairs. */
  routeWeights(): Promise<Array<[number, number]>>;
}

export type ContractClause =
  | 'idempotent'
  | 'observe'
  | 'managed-routes'
  | 'sum-100'
  | 'untouched'
  | 'rejected-input'
  | 'verify';

export interface ContractOptions {
  name: string;
  /** A fresh subject with a header route `header-route` and a mirror route `mirror-route` allowed. */
  create(): Promise<ContractSubject>;
  skips?: Partial<Record<ContractClause, string>>;
}

const header = { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };
const mirror = { name: 'mirror-route', match: [{ path: { prefix: '/api' } }], percentage: 50 };

function state(
  canaryWeight: number,
  routes: Partial<Pick<DesiredTraffic, 'headerRoutes' | 'mirrorRoutes'>> = {},
): DesiredTraffic {
  return { stableHash: 'aaa111', canaryHash: 'bbb222', canaryWeight, headerRoutes: [], mirrorRoutes: [], ...routes };
}

export function runTrafficRouterContract(options: ContractOptions): void {
  const skips = options.skips ?? {};
  const clause = (id: ContractClause, title: string, body: () => Promise<void>) => {
    const reason = skips[id];
    if (reason) test(title, { skip: reason }, () => {});
    else test(title, body);
  };

  describe(`TrafficRouter contract: ${options.name}`, () => {
    clause('idempotent', 'applying the same state twice writes nothing the second time', async () => {
      const subject = await options.create();
      const desired = state(30, { headerRoutes: [header] });
      await subject.router.apply(desired);
      const first = await subject.snapshot();
      const again = await subject.router.apply(desired);
      assert.equal(again.changed, false);
      assert.deepEqual(await subject.snapshot(), first);
    });

    clause('observe', 'observe after apply reports the desired weights and routes', async () => {
      const subject = await options.create();
      for (const weight of [0, 25, 100]) {
        const result = await subject.router.apply(state(weight, { headerRoutes: [header], mirrorRoutes: [mirror] }));
        assert.deepEqual(result.problems, []);
        const inPlace = await subject.router.observe();
        assert.equal(inPlace?.canaryWeight, weight);
        assert.deepEqual(inPlace?.headerRoutes, ['header-route']);
        assert.deepEqual(inPlace?.mirrorRoutes, [{ name: 'mirror-route', percentage: 50 }]);
      }
    });

    clause('managed-routes', 'header and mirror routes are added, then removed', async () => {
      const subject = await options.create();
      const initial = await subject.snapshot();
      await subject.router.apply(state(0, { headerRoutes: [header], mirrorRoutes: [mirror] }));
      assert.notDeepEqual(await subject.snapshot(), initial);
      await subject.router.apply(state(0));
      const inPlace = await subject.router.observe();
      assert.deepEqual(inPlace?.headerRoutes, []);
      assert.deepEqual(inPlace?.mirrorRoutes, []);
    });

    clause('sum-100', 'the weights of every weighted route always add up to 100', async () => {
      const subject = await options.create();
      for (const weight of [0, 1, 33, 50, 99, 100]) {
        await subject.router.apply(state(weight));
        for (const [canary, stable] of await subject.routeWeights()) {
          assert.equal(canary, weight);
          assert.equal(canary + stable, 100);
        }
      }
    });

    clause('untouched', 'other routes and fields are left as they were', async () => {
      const subject = await options.create();
      const before = await subject.untouchable();
      await subject.router.apply(state(40, { headerRoutes: [header], mirrorRoutes: [mirror] }));
      await subject.router.apply(state(70));
      assert.deepEqual(await subject.untouchable(), before);
    });

    clause('rejected-input', 'a broken configuration gives problems and changes nothing', async () => {
      const subject = await options.create();
      await subject.router.apply(state(10));
      await subject.breakConfiguration();
      const before = await subject.snapshot();
      const result = await subject.router.apply(state(60, { headerRoutes: [header] }));
      assert.equal(result.changed, false);
      assert.ok(result.problems.length > 0);
      for (const problem of result.problems)
        assert.ok(problem.object && problem.message, 'a problem says what and where');
      assert.deepEqual(await subject.snapshot(), before);
    });

    clause(
      'verify',
      'verify answers true for what was applied and false for anything else, or says it cannot verify',
      async () => {
        const subject = await options.create();
        await subject.router.apply(state(20));
        const same = await subject.router.verify(state(20));
        const other = await subject.router.verify(state(21));
        assert.equal(same !== 'cannot-verify', subject.router.canVerify, 'canVerify says whether verify answers');
        if (same === 'cannot-verify') assert.equal(other, 'cannot-verify');
        else {
          assert.equal(same, true);
          assert.equal(other, false);
        }
      },
    );
  });
}
