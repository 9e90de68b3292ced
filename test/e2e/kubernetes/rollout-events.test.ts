// The Events of a canary on the control plane, in the order a watch sees them, as Argo Rollouts' e2e
// suite collects and compares them (FunctionalSuite.TestRolloutAbortRetryPromote: watch the
// namespace's Events from the start, keep every ADDED and MODIFIED Event of the Rollout, compare the
// reasons). Same rollout: one replica, setWeight 50, pause 3s; updated, aborted, retried, completed.
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../src/platform/kubernetes/client/resources.ts';
import { ABORT_RETRY_PROMOTE_EVENTS } from '../../support/argo-event-sequences.ts';
import { abort, retry, setImage } from './support/control.ts';
import type { E2eCluster } from './support/e2e-cluster.ts';
import { rollout } from './support/manifests.ts';
import { e2eScenario } from './support/scenario.ts';
import { getRollout, healthy, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'rollout-events';

e2eScenario(
  ns,
  'a canary updated, aborted, retried and completed records the Events Argo records, in its order',
  async (cluster: E2eCluster) => {
    const seen: Array<{ uid: string; reason: string; message: string }> = [];
    const watch = await cluster.client.watch<KubeObject>(coreResources.events, { namespace: ns }, (event) => {
      if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
      const object = event.object as KubeObject & {
        involvedObject?: { uid?: string };
        reason?: string;
        message?: string;
      };
      seen.push({ uid: object.involvedObject?.uid ?? '', reason: object.reason ?? '', message: object.message ?? '' });
    });
    try {
      await cluster.apply([
        rollout({
          name: 'web',
          replicas: 1,
          strategy: { canary: { steps: [{ setWeight: 50 }, { pause: { duration: '3s' } }] } },
        }),
      ]);
      const first = await waitForRollout(cluster.client, ns, 'web', healthy, {
        what: 'the first revision to be Healthy',
      });
      await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
      await waitForRollout(cluster.client, ns, 'web', (r) => r.status?.phase === 'Paused', { what: 'the pause step' });
      await abort(cluster.client, ns, 'web');
      await waitForRollout(cluster.client, ns, 'web', (r) => r.status?.phase === 'Degraded', {
        what: 'Degraded after the abort',
      });
      await retry(cluster.client, ns, 'web');
      await waitForRollout(
        cluster.client,
        ns,
        'web',
        (r) => healthy(r) && r.status?.stableRS !== first.status?.stableRS,
        { what: 'the new revision to be stable and Healthy' },
      );
      const uid = (await getRollout(cluster.client, ns, 'web')).metadata.uid ?? '';
      const reasons = () => seen.filter((event) => event.uid === uid).map((event) => event.reason);
      // Events are written in the background, one at a time: the last may come just after the status.
      await pollUntil(async () => reasons().length >= ABORT_RETRY_PROMOTE_EVENTS.length, {
        what: `${ABORT_RETRY_PROMOTE_EVENTS.length} Events of the rollout`,
        timeoutMs: 10_000,
      }).catch(() => undefined);
      assert.deepEqual(
        reasons(),
        ABORT_RETRY_PROMOTE_EVENTS,
        seen
          .filter((event) => event.uid === uid)
          .map((event) => `${event.reason}: ${event.message}`)
          .join('\n'),
      );
    } finally {
      watch.stop();
    }
  },
);
