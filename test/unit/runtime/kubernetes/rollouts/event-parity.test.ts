// The Events the controller writes for the controller benchmark's rollout (bench/controller/fixtures.ts:
// one replica, setWeight 10, pause, setWeight 50, pause, Istio host-level routing), from its first
// creation to Healthy and then through an update to Healthy, against the reasons Argo Rollouts'
// controller records for the same (v1.10.1: rollout/sync.go, canary.go, service.go,
// trafficrouting.go). The controller runs as src/runtime/kubernetes/controller.ts wires it, over the
// in-memory fake API; a stand-in for the ReplicaSet controller makes the pods available at once.
//
// Argo's Istio router also records "Updated VirtualService" each time it changes a VirtualService's
// weights (rollout/trafficrouting/istio/istio.go, SetWeight); sluice does not (docs/controller.md,
// "What it writes"): ARGO_ISTIO_ONLY lists them and the comparison leaves them out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { RolloutEvent } from '../../../../../src/engine/types.ts';
import type { KubeObject, ObjectBase, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { ResourceType } from '../../../../../src/platform/kubernetes/client/resources.ts';
import { coreResources } from '../../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources, workloadResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import {
  EVENT_SPAM_BURST,
  kubeEventRecorder,
  type EventRecorder,
  type EventWriter,
} from '../../../../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { pollUntil } from '../../../../controlplane/poll.ts';
import { fakeClient, rolloutManifest } from '../support/fake-cluster.ts';
import { startFakeController } from '../support/fake-controller.ts';

const NS = 'bench';

/** The bench's rollout, its pauses shortened to 1 s. */
function benchRollout(image: string): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'r0', namespace: NS },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 1,
      selector: { matchLabels: { app: 'r0' } },
      template: {
        metadata: { labels: { app: 'r0' } },
        spec: { containers: [{ name: 'app', image, ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
      strategy: {
        canary: {
          canaryService: 'r0-canary',
          stableService: 'r0-stable',
          trafficRouting: { istio: { virtualService: { name: 'r0-vs', routes: ['primary'] } } },
          steps: [{ setWeight: 10 }, { pause: { duration: '1s' } }, { setWeight: 50 }, { pause: { duration: '1s' } }],
        },
      },
    },
  };
}

/**
 * Argo's reasons for a first creation: the informer's add, the ReplicaSet created and the revision
 * set (setRolloutRevision, createDesiredReplicaSet), not completed (calculateRolloutConditions), the
 * canary Service pointed at the new ReplicaSet, its scale-up, completed (no steps on a first deploy),
 * the stable Service pointed, and the weights' first status (prev nil: "to 0"; the VirtualService
 * already says 0, so the router writes nothing).
 */
const ARGO_CREATION = [
  'RolloutAddedToInformer',
  'RolloutUpdated',
  'NewReplicaSetCreated',
  'RolloutNotCompleted',
  'SwitchService',
  'ScalingReplicaSet',
  'RolloutCompleted',
  'SwitchService',
  'TrafficWeightUpdated',
];

/**
 * Argo's reasons for the update to Healthy, "Updated VirtualService" included where its Istio router
 * changes the weights (10, 50, 100 at the end of the steps, 0 once promoted).
 */
const ARGO_UPDATE = [
  'RolloutUpdated',
  'NewReplicaSetCreated',
  'RolloutNotCompleted',
  // The canary hash changes, the weight stays 0: the VirtualService is not written.
  'TrafficWeightUpdated',
  'ScalingReplicaSet',
  // The new ReplicaSet available: the canary Service first, then the weight (rolloutCanary's order).
  'SwitchService',
  'Updated VirtualService',
  'TrafficWeightUpdated',
  'RolloutStepCompleted',
  'RolloutPaused',
  'RolloutStepCompleted',
  'RolloutResumed',
  'Updated VirtualService',
  'TrafficWeightUpdated',
  'RolloutStepCompleted',
  'RolloutPaused',
  'RolloutStepCompleted',
  'RolloutResumed',
  'Updated VirtualService',
  'TrafficWeightUpdated',
  'RolloutCompleted',
  // Promoted: the stable Service first, then the weight back to 0.
  'SwitchService',
  'Updated VirtualService',
  'TrafficWeightUpdated',
];

/** Reasons Argo's Istio router records that sluice does not write (see the header). */
const ARGO_ISTIO_ONLY = new Set(['Updated VirtualService']);

const sluiceShare = (reasons: string[]) => reasons.filter((reason) => !ARGO_ISTIO_ONLY.has(reason));

interface Recorded {
  reason: string;
  message: string;
}

/** The controller's recorder, noting each Event it is asked to record, in order. */
function noting(recorder: EventRecorder, into: Recorded[]): EventRecorder {
  return {
    record(object: Stored<ObjectBase>, event: RolloutEvent, now: number) {
      into.push({ reason: event.reason, message: event.message });
      return recorder.record(object, event, now);
    },
  };
}

describe('the Events of the bench rollout, as Argo records them', () => {
  it('from creation to Healthy, and through an update with Istio weights to Healthy', async () => {
    const client = fakeClient();
    for (const name of ['r0-stable', 'r0-canary'])
      await client.create(workloadResources.services, NS, {
        metadata: { name },
        spec: { selector: { app: 'r0' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      });
    const istio = istioResources('v1beta1');
    const destination = (host: string, weight: number) => ({ destination: { host, port: { number: 80 } }, weight });
    await client.create(istio.virtualServices, NS, {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'r0-vs' },
      spec: {
        hosts: ['r0.bench.local'],
        http: [{ name: 'primary', route: [destination('r0-stable', 100), destination('r0-canary', 0)] }],
      },
    });
    await client.create(argoResources.rollouts, NS, benchRollout('registry.local/app:1'));

    const recorded: Recorded[] = [];
    const { errors, stop } = startFakeController(client, {
      namespace: NS,
      events: (report) => noting(kubeEventRecorder(client, report), recorded),
    });

    /** Stands in for the ReplicaSet controller: every ReplicaSet's pods are available as soon as asked for. */
    const untilSettled = (what: string, done: (rollout: Stored<Rollout>) => boolean) =>
      pollUntil(
        async () => {
          for (const rs of (await client.list(workloadResources.replicaSets, { namespace: NS })).items) {
            const replicas = rs.spec.replicas ?? 1;
            if (rs.status?.availableReplicas === replicas && rs.status.replicas === replicas) continue;
            await client.patch(workloadResources.replicaSets, NS, rs.metadata.name, {
              status: {
                replicas,
                readyReplicas: replicas,
                availableReplicas: replicas,
                fullyLabeledReplicas: replicas,
              },
            });
          }
          const rollout = await client.get(argoResources.rollouts, NS, 'r0');
          return done(rollout) ? rollout : undefined;
        },
        { what, timeoutMs: 20_000, intervalMs: 20 },
      );
    const healthyAt = (rollout: Stored<Rollout>, revision: string) =>
      rollout.status?.phase === 'Healthy' &&
      rollout.metadata.annotations?.['rollout.argoproj.io/revision'] === revision &&
      rollout.status.stableRS === rollout.status.currentPodHash &&
      rollout.status.canary?.weights?.canary.weight === 0;

    try {
      await untilSettled('the first revision to be Healthy', (rollout) => healthyAt(rollout, '1'));
      const creation = recorded.splice(0);
      await client.patch(argoResources.rollouts, NS, 'r0', {
        spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/app:2' }] } } },
      });
      await untilSettled('the second revision to be Healthy', (rollout) => healthyAt(rollout, '2'));
      const update = recorded.splice(0);

      assert.deepEqual(
        creation.map((event) => event.reason),
        sluiceShare(ARGO_CREATION),
      );
      assert.deepEqual(
        update.map((event) => event.reason),
        sluiceShare(ARGO_UPDATE),
      );
      // Argo's wording of the steps and of the weights.
      assert.deepEqual(
        update.filter((event) => event.reason === 'RolloutStepCompleted').map((event) => event.message),
        [
          'Rollout step 1/4 completed (setWeight: 10)',
          'Rollout step 2/4 completed (pause: 1s)',
          'Rollout step 3/4 completed (setWeight: 50)',
          'Rollout step 4/4 completed (pause: 1s)',
        ],
      );
      assert.equal(
        creation.find((event) => event.reason === 'TrafficWeightUpdated')?.message,
        'Traffic weight updated to 0',
      );
      assert.deepEqual(
        update.filter((event) => event.reason === 'TrafficWeightUpdated').map((event) => event.message),
        [
          // Only the canary hash changed: Argo's message has nothing after "updated ".
          'Traffic weight updated ',
          'Traffic weight updated from 0 to 10',
          'Traffic weight updated from 10 to 50',
          'Traffic weight updated from 50 to 100',
          'Traffic weight updated from 100 to 0',
        ],
      );

      // In the API, as client-go's recorder leaves them: 25 Events about one object at once (the spam
      // filter drops the rest; Argo, recording its Istio Events too, reaches 25 sooner), each distinct
      // Event one object whose count is the times it was recorded.
      const all = [...creation, ...update];
      const written = all.slice(0, EVENT_SPAM_BURST);
      assert.ok(all.length > written.length, 'the scenario goes past the burst');
      const stored = await pollUntil(
        async () => {
          const items = (await client.list(coreResources.events, { namespace: NS })).items;
          const total = items.reduce((sum, item) => sum + Number(item['count']), 0);
          return total === written.length ? items : undefined;
        },
        { what: `${written.length} recorded Events in the API`, timeoutMs: 10_000, intervalMs: 20 },
      );
      const key = (reason: unknown, message: unknown) => `${String(reason)}|${String(message)}`;
      assert.deepEqual(
        new Set(stored.map((item) => key(item['reason'], item['message']))),
        new Set(written.map((event) => key(event.reason, event.message))),
      );
      assert.equal(
        stored.length,
        new Set(written.map((event) => key(event.reason, event.message))).size,
        'a repeat patches the Event it repeats instead of creating one',
      );
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });
});

describe('a backlog of Events', () => {
  it("never holds a rollout's pass: its status is written while other objects' Events wait to be written", async () => {
    const client = fakeClient();
    for (const name of ['web-stable', 'web-canary'])
      await client.create(workloadResources.services, 'shop', {
        metadata: { name },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      });
    await client.create(argoResources.rollouts, 'shop', rolloutManifest('web'));
    // The API takes Events about the other object only when released (a slow API server); the rest at once.
    const releases: Array<() => void> = [];
    let holding = true;
    const writer = {
      create: async (resource: ResourceType, namespace: string, object: KubeObject) => {
        if (holding && (object['involvedObject'] as { name?: string }).name === 'other')
          await new Promise<void>((resolve) => releases.push(resolve));
        return client.create(resource, namespace, object);
      },
      patch: (resource: ResourceType, namespace: string, name: string, patch: unknown) =>
        client.patch(resource, namespace, name, patch),
    } as EventWriter;
    const events = kubeEventRecorder(writer, (error) => assert.fail(error));
    const other = (await client.get(argoResources.rollouts, 'shop', 'web')) as Stored<ObjectBase>;
    const otherObject = { ...other, metadata: { ...other.metadata, name: 'other', uid: 'uid-other' } };
    for (let index = 0; index < 3; index++)
      void events.record(otherObject, { type: 'Normal', reason: 'RolloutPaused', message: `m${index}` }, Date.now());

    const { stop } = startFakeController(client, { events: () => events, workers: 1 });
    try {
      await pollUntil(async () => (await client.get(argoResources.rollouts, 'shop', 'web')).status?.stableRS, {
        what: 'the rollout status to be written',
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      assert.equal(releases.length, 1, "the other object's first Event is still being written");
      assert.equal(
        (await client.list(coreResources.events, { namespace: 'shop' })).items.length,
        0,
        "the rollout's own Events wait behind the backlog",
      );
      const written = await pollUntil(
        async () => {
          for (const release of releases.splice(0)) release();
          const items = (await client.list(coreResources.events, { namespace: 'shop' })).items;
          return items.some((item) => item['reason'] === 'RolloutCompleted') ? items : undefined;
        },
        { what: "the rollout's Events, once the backlog is written", timeoutMs: 10_000, intervalMs: 20 },
      );
      assert.ok(written.some((item) => (item['involvedObject'] as { name?: string }).name === 'web'));
    } finally {
      holding = false;
      for (const release of releases.splice(0)) release();
      await stop();
    }
  });
});
