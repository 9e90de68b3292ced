// What a rollout injected into its Services and DestinationRule is removed once the rollout is gone
// or names them no more, also when that happened while no controller ran: as Argo's Service and
// DestinationRule controllers, the controller checks every object carrying the managed-by
// annotation when it starts, and each one a deleted Rollout named.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ControllerProcess } from './support/controller-process.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { getDestinationRule } from './support/istio.ts';
import { destinationRule, rollout, service, virtualService } from './support/manifests.ts';
import { getService, healthy, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'managed-release';
const HASH = 'rollouts-pod-template-hash';
const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';
let cluster: E2eCluster;
let controller: ControllerProcess;
let failed = false;

before(async () => {
  if (skipWithoutControlPlane) return;
  cluster = await startE2eCluster(ns);
  controller = await cluster.startController();
});

after(async () => {
  await cluster?.stop(failed);
});

function blueGreen(name: string): ReturnType<typeof rollout> {
  return rollout({ name, replicas: 1, strategy: { blueGreen: { activeService: `${name}-active` } } });
}

/** The selector's hash and the managed-by annotation of a Service, as one string. */
async function serviceMarks(name: string): Promise<string> {
  const svc = await getService(cluster.client, ns, name);
  return `hash=${svc.spec.selector?.[HASH] ?? ''} managed-by=${svc.metadata.annotations?.[MANAGED_BY] ?? ''}`;
}

async function ruleMarks(name: string): Promise<string> {
  const rule = await getDestinationRule(cluster.client, ns, name);
  const hashes = (rule.spec.subsets ?? []).map((subset) => subset.labels?.[HASH] ?? '').join(',');
  return `hashes=${hashes} managed-by=${rule.metadata.annotations?.[MANAGED_BY] ?? ''}`;
}

async function until(what: string, read: () => Promise<string>, wanted: string): Promise<void> {
  let last = '';
  try {
    await pollUntil(async () => (last = await read()) === wanted, { what, timeoutMs: 30_000 });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${last}`);
  }
}

async function kubectl(...args: string[]): Promise<void> {
  await cluster.kubectl(['-n', ns, ...args]);
}

test('Services and a DestinationRule are released when their Rollout is deleted or stops naming them, controller running or not', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      service('deleted-active', 'deleted'),
      blueGreen('deleted'),
      service('switched-active', 'switched'),
      blueGreen('switched'),
      service('removed-active', 'removed'),
      blueGreen('removed'),
      service('mesh', 'mesh'),
      virtualService('mesh-vs', [
        { name: 'primary', stable: { host: 'mesh', subset: 'stable' }, canary: { host: 'mesh', subset: 'canary' } },
      ]),
      destinationRule('mesh-dr', 'mesh'),
      rollout({
        name: 'mesh',
        replicas: 1,
        strategy: {
          canary: {
            trafficRouting: {
              istio: {
                virtualService: { name: 'mesh-vs', routes: ['primary'] },
                destinationRule: { name: 'mesh-dr', canarySubsetName: 'canary', stableSubsetName: 'stable' },
              },
            },
            steps: [{ setWeight: 50 }, { pause: {} }],
          },
        },
      }),
    ]);
    const hashOf: Record<string, string> = {};
    for (const name of ['deleted', 'switched', 'removed', 'mesh']) {
      const ready = await waitForRollout(cluster.client, ns, name, healthy, { what: `rollout ${name} to be Healthy` });
      hashOf[name] = ready.status?.stableRS ?? '';
    }
    for (const name of ['deleted', 'switched', 'removed'])
      assert.equal(
        await serviceMarks(`${name}-active`),
        `hash=${hashOf[name]} managed-by=${name}`,
        'a Service the rollout points at names the rollout, as Argo writes it',
      );
    await until(
      'the DestinationRule to be managed',
      () => ruleMarks('mesh-dr'),
      `hashes=${hashOf['mesh']},${hashOf['mesh']} managed-by=mesh`,
    );

    // Deleted while the controller runs.
    await kubectl('delete', 'rollout', 'deleted', '--wait=false');
    await until(
      'the Service of a deleted Rollout to be released',
      () => serviceMarks('deleted-active'),
      'hash= managed-by=',
    );

    // Changed and deleted while no controller runs: released when it starts.
    await controller.kill();
    await kubectl(
      'patch',
      'rollout',
      'switched',
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { strategy: { blueGreen: null, canary: { steps: [{ setWeight: 50 }] } } } }),
    );
    await kubectl('delete', 'rollout', 'removed', '--wait=false');
    await kubectl(
      'patch',
      'rollout',
      'mesh',
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { strategy: { canary: { trafficRouting: null } } } }),
    );
    assert.equal(
      await serviceMarks('removed-active'),
      `hash=${hashOf['removed']} managed-by=removed`,
      'nothing runs yet',
    );
    controller = await cluster.startController();
    await until(
      'the Service a Rollout stopped naming to be released',
      () => serviceMarks('switched-active'),
      'hash= managed-by=',
    );
    await until(
      'the Service of a Rollout deleted meanwhile to be released',
      () => serviceMarks('removed-active'),
      'hash= managed-by=',
    );
    await until(
      'the DestinationRule a Rollout stopped naming to be released',
      () => ruleMarks('mesh-dr'),
      'hashes=, managed-by=',
    );
    const rule = await getDestinationRule(cluster.client, ns, 'mesh-dr');
    assert.deepEqual(
      (rule.spec.subsets ?? []).map((subset) => subset.labels),
      [{ app: 'web' }, { app: 'web' }],
      'the subsets keep their own labels',
    );
  } catch (error) {
    failed = true;
    throw error;
  }
});
