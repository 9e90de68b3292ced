// The contract of IstioObjectStore, the port behind the Istio TrafficRouter: reads give copies of
// what is stored (undefined when absent), a put of what was read replaces it, a put made from a
// copy someone else has changed since is refused (the router plans again from a fresh read), and a
// put changes only the fields the router changed. Every implementation runs it: the test store,
// the local runtime's store and the controller's store over the real API server; a clause an
// implementation cannot honour is listed in `skips` with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DestinationRule, VirtualService } from '../../src/api/types/istio.ts';
import type { IstioObjectStore } from '../../src/traffic/routers/istio/istio-router.ts';

export type IstioObject = VirtualService | DestinationRule;
export type IstioKind = IstioObject['kind'];

export interface IstioStoreSubject {
  store: IstioObjectStore;
  /** The namespace the seeded objects were stored in. */
  namespace: string;
  /** The object as the backing storage holds it now, read around the port (undefined when absent). */
  readBack(kind: IstioKind, name: string): Promise<IstioObject | undefined>;
  /** Another writer replaces the stored object with `object` (e.g. someone re-applies it). */
  writeBehind(object: IstioObject): Promise<void>;
}

export type IstioStoreClause =
  | 'get'
  | 'not-found'
  | 'copies'
  | 'put'
  | 'unchanged-put'
  | 'stale-conflict'
  | 'only-changed-fields'
  | 'annotations';

export interface IstioStoreContractOptions {
  name: string;
  /** A fresh store holding the objects `seed` makes for the namespace the subject chooses. */
  create(seed: (namespace: string) => IstioObject[]): Promise<IstioStoreSubject>;
  skips?: Partial<Record<IstioStoreClause, string>>;
}

function virtualService(namespace: string): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'web-vs', namespace, labels: { team: 'web' }, annotations: { note: 'kept' } },
    spec: {
      hosts: ['web.example.com'],
      http: [
        {
          name: 'primary',
          retries: { attempts: 2 },
          route: [
            { destination: { host: 'web-stable' }, weight: 100 },
            { destination: { host: 'web-canary' }, weight: 0 },
          ],
        },
        { name: 'other', route: [{ destination: { host: 'elsewhere' } }] },
      ],
    },
  };
}

function destinationRule(namespace: string): DestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: { name: 'web-dr', namespace },
    spec: {
      host: 'web',
      subsets: [
        { name: 'stable', labels: { app: 'web' } },
        { name: 'canary', labels: { app: 'web' } },
      ],
    },
  };
}

const seed = (namespace: string): IstioObject[] => [virtualService(namespace), destinationRule(namespace)];

type Route = { name?: string; route?: Array<{ destination: { host: string }; weight?: number }> };

function primaryOf(vs: VirtualService | undefined): Route | undefined {
  return (vs?.spec.http as Route[] | undefined)?.find((route) => route.name === 'primary');
}

function setWeights(vs: VirtualService, stable: number, canary: number): VirtualService {
  const next = structuredClone(vs);
  const primary = primaryOf(next);
  assert.ok(primary?.route, 'the seeded VirtualService has route primary');
  primary.route[0]!.weight = stable;
  primary.route[1]!.weight = canary;
  return next;
}

function weightsOf(vs: VirtualService | undefined): number[] {
  return (primaryOf(vs)?.route ?? []).map((destination) => destination.weight ?? 0);
}

/** Fields the storage itself maintains, which a write may change without the router asking. */
const VOLATILE = ['metadata.resourceVersion', 'metadata.generation', 'metadata.managedFields'];

/** Every JSON path whose value differs between `a` and `b`, storage-maintained fields left out. */
export function changedPaths(a: unknown, b: unknown, path = ''): string[] {
  if (VOLATILE.includes(path) || JSON.stringify(a) === JSON.stringify(b)) return [];
  const objects =
    a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!objects || (Array.isArray(a) && Array.isArray(b) && a.length !== b.length)) return [path || '(root)'];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((key) =>
    changedPaths(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    ),
  );
}

export function runIstioObjectStoreContract(options: IstioStoreContractOptions): void {
  const skips = options.skips ?? {};
  const clause = (id: IstioStoreClause, title: string, body: () => Promise<void>) => {
    const reason = skips[id];
    if (reason) test(title, { skip: reason }, () => {});
    else test(title, body);
  };

  describe(`IstioObjectStore contract: ${options.name}`, () => {
    clause('get', 'get returns the stored VirtualService and DestinationRule', async () => {
      const subject = await options.create(seed);
      const vs = await subject.store.getVirtualService(subject.namespace, 'web-vs');
      const rule = await subject.store.getDestinationRule(subject.namespace, 'web-dr');
      assert.equal(vs?.metadata.name, 'web-vs');
      assert.equal(vs?.metadata.namespace, subject.namespace);
      assert.deepEqual(vs?.spec, virtualService(subject.namespace).spec);
      assert.deepEqual(vs?.metadata.labels, { team: 'web' });
      assert.equal(rule?.metadata.name, 'web-dr');
      assert.deepEqual(rule?.spec, destinationRule(subject.namespace).spec);
    });

    clause('not-found', 'get of an absent object, or of a name of the other kind, is undefined', async () => {
      const subject = await options.create(seed);
      assert.equal(await subject.store.getVirtualService(subject.namespace, 'no-such-vs'), undefined);
      assert.equal(await subject.store.getDestinationRule(subject.namespace, 'no-such-dr'), undefined);
      assert.equal(
        await subject.store.getVirtualService(subject.namespace, 'web-dr'),
        undefined,
        'a DestinationRule is not a VirtualService',
      );
      assert.equal(
        await subject.store.getDestinationRule(subject.namespace, 'web-vs'),
        undefined,
        'a VirtualService is not a DestinationRule',
      );
      assert.equal(await subject.store.getVirtualService('no-such-namespace', 'web-vs'), undefined);
    });

    clause('copies', 'what get returns is a copy: changing it changes nothing stored', async () => {
      const subject = await options.create(seed);
      const vs = await subject.store.getVirtualService(subject.namespace, 'web-vs');
      assert.ok(vs);
      primaryOf(vs)!.route![0]!.weight = 1;
      assert.deepEqual(weightsOf(await subject.store.getVirtualService(subject.namespace, 'web-vs')), [100, 0]);
      assert.deepEqual(weightsOf((await subject.readBack('VirtualService', 'web-vs')) as VirtualService), [100, 0]);
    });

    clause('put', 'a put of a changed copy is stored, and read back through the port and around it', async () => {
      const subject = await options.create(seed);
      const vs = await subject.store.getVirtualService(subject.namespace, 'web-vs');
      assert.ok(vs);
      await subject.store.putVirtualService(setWeights(vs, 70, 30));
      assert.deepEqual(weightsOf(await subject.store.getVirtualService(subject.namespace, 'web-vs')), [70, 30]);
      assert.deepEqual(weightsOf((await subject.readBack('VirtualService', 'web-vs')) as VirtualService), [70, 30]);
      const rule = await subject.store.getDestinationRule(subject.namespace, 'web-dr');
      assert.ok(rule);
      const next = structuredClone(rule);
      (next.spec.subsets as Array<{ labels: Record<string, string> }>)[1]!.labels['rollouts-pod-template-hash'] =
        'abc123';
      await subject.store.putDestinationRule(next);
      const stored = (await subject.readBack('DestinationRule', 'web-dr')) as DestinationRule | undefined;
      assert.ok(stored);
      assert.deepEqual((stored.spec.subsets as Array<{ labels: Record<string, string> }>)[1]!.labels, {
        app: 'web',
        'rollouts-pod-template-hash': 'abc123',
      });
    });

    clause('unchanged-put', 'a put of the object as read changes nothing, not even its resourceVersion', async () => {
      const subject = await options.create(seed);
      const before = await subject.readBack('VirtualService', 'web-vs');
      const vs = await subject.store.getVirtualService(subject.namespace, 'web-vs');
      assert.ok(vs);
      await subject.store.putVirtualService(vs);
      assert.deepEqual(await subject.readBack('VirtualService', 'web-vs'), before);
    });

    clause(
      'stale-conflict',
      'a put from a copy someone else changed since is refused, and their change is kept',
      async () => {
        const subject = await options.create(seed);
        const stale = await subject.store.getVirtualService(subject.namespace, 'web-vs');
        assert.ok(stale);
        const theirs = (await subject.readBack('VirtualService', 'web-vs')) as VirtualService;
        await subject.writeBehind(setWeights(theirs, 50, 50));
        await assert.rejects(subject.store.putVirtualService(setWeights(stale, 70, 30)), 'a stale write must throw');
        assert.deepEqual(weightsOf((await subject.readBack('VirtualService', 'web-vs')) as VirtualService), [50, 50]);
        const fresh = await subject.store.getVirtualService(subject.namespace, 'web-vs');
        assert.ok(fresh);
        assert.deepEqual(weightsOf(fresh), [50, 50], 'after a conflict, get returns the current object');
        await subject.store.putVirtualService(setWeights(fresh, 70, 30));
        assert.deepEqual(weightsOf((await subject.readBack('VirtualService', 'web-vs')) as VirtualService), [70, 30]);
      },
    );

    clause('only-changed-fields', 'a put changes the fields the router changed and no other', async () => {
      const subject = await options.create(seed);
      const before = await subject.readBack('VirtualService', 'web-vs');
      const vs = await subject.store.getVirtualService(subject.namespace, 'web-vs');
      assert.ok(vs);
      await subject.store.putVirtualService(setWeights(vs, 90, 10));
      const after = await subject.readBack('VirtualService', 'web-vs');
      assert.deepEqual(changedPaths(before, after).sort(), [
        'spec.http.0.route.0.weight',
        'spec.http.0.route.1.weight',
      ]);
    });

    // The router marks the DestinationRule it manages with an annotation (as Argo's managed-by
    // annotation), so a store must write metadata changes as well as the spec.
    clause('annotations', 'a put that adds an annotation stores it, and only it', async () => {
      const subject = await options.create(seed);
      const before = await subject.readBack('DestinationRule', 'web-dr');
      const rule = await subject.store.getDestinationRule(subject.namespace, 'web-dr');
      assert.ok(rule);
      const next = structuredClone(rule);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'example.com/marked': 'yes' };
      await subject.store.putDestinationRule(next);
      const after = await subject.readBack('DestinationRule', 'web-dr');
      assert.equal(after?.metadata.annotations?.['example.com/marked'], 'yes');
      const changed = changedPaths(before, after);
      assert.ok(
        changed.every((path) => path.startsWith('metadata.annotations')),
        `only annotations changed, not ${changed.join(', ')}`,
      );
    });
  });
}
