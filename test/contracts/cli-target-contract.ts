// The contract of the CLI's Target (src/cli/target/target.ts): the same verbs write the same
// fields whether the rollout runs in the local runtime or on a cluster. Each target runs its real
// runtime (the local runtime's loop, the controller) over the same manifests (a canary whose
// second step is an indefinite pause); the clauses run in order on one rollout, each checking the
// fields its verb wrote on the Rollout the target hands back and on the Rollout read back after.
// A clause a target cannot honour goes in `skips` with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Rollout } from '../../src/api/types/rollout.ts';
import type { CreatableObject, Target } from '../../src/cli/target/target.ts';
import { pollUntil } from '../controlplane/poll.ts';

export interface TargetSubject {
  target: Target;
  namespace: string;
  /** A Rollout named `name`, Healthy on `firstImage`, whose steps are setWeight, pause {}, ... */
  name: string;
  container: string;
  firstImage: string;
  secondImage: string;
  close(): Promise<void>;
}

export type TargetClause =
  | 'set-image'
  | 'pause'
  | 'resume'
  | 'abort'
  | 'retry'
  | 'promote'
  | 'restart'
  | 'undo'
  | 'events'
  | 'create-experiment'
  | 'create-config'
  | 'create-workload'
  | 'experiment-objects';

export interface TargetContractOptions {
  name: string;
  create(): Promise<TargetSubject>;
  skips?: Partial<Record<TargetClause, string>>;
  timeoutMs?: number;
}

const imageOf = (rollout: Rollout, container: string) =>
  rollout.spec.template?.spec?.containers.find((c) => c.name === container)?.image;
const pausedAtStep = (rollout: Rollout) =>
  (rollout.status?.pauseConditions ?? []).some((c) => c.reason === 'CanaryPauseStep');

export function runTargetContract(options: TargetContractOptions): void {
  const skips = options.skips ?? {};
  const timeoutMs = options.timeoutMs ?? 60_000;
  let subject: TargetSubject | undefined;
  const current = (): TargetSubject => {
    if (!subject) throw new Error('the target did not start');
    return subject;
  };
  const read = async (): Promise<Rollout> =>
    (await current().target.rolloutObjects(current().namespace, current().name)).rollout;
  const until = (what: string, check: (rollout: Rollout) => boolean): Promise<Rollout> =>
    pollUntil(
      async () => {
        const rollout = await read();
        return check(rollout) ? rollout : undefined;
      },
      { what, timeoutMs, intervalMs: 250 },
    );
  const clause = (id: TargetClause, title: string, body: (s: TargetSubject) => Promise<void>) => {
    const reason = skips[id];
    if (reason) test(title, { skip: reason }, () => {});
    else test(title, { timeout: timeoutMs * 4 }, () => body(current()));
  };

  describe(`CLI Target contract: ${options.name}`, { timeout: timeoutMs * 40 }, () => {
    before(async () => {
      subject = await options.create();
    });
    after(async () => {
      await subject?.close();
    });

    clause('set-image', 'set image writes spec.template, and the rollout pauses at its pause step', async (s) => {
      const returned = await s.target.setImage(s.namespace, s.name, s.container, s.secondImage);
      assert.equal(imageOf(returned, s.container), s.secondImage);
      assert.equal(imageOf(await read(), s.container), s.secondImage);
      await until('the pause step on the new image', pausedAtStep);
    });

    clause('pause', 'pause sets spec.paused', async (s) => {
      const returned = await s.target.control(s.namespace, s.name, 'pause');
      assert.equal(returned.spec.paused, true);
      await until('spec.paused read back', (r) => r.spec.paused === true);
    });

    clause('resume', 'resume clears spec.paused', async (s) => {
      const returned = await s.target.control(s.namespace, s.name, 'resume');
      assert.notEqual(returned.spec.paused, true);
      await until('spec.paused cleared', (r) => r.spec.paused !== true);
    });

    clause('abort', 'abort sets status.abort, and the rollout is Degraded', async (s) => {
      const returned = await s.target.control(s.namespace, s.name, 'abort');
      assert.equal(returned.status?.abort, true);
      await until('status.abort and phase Degraded', (r) => r.status?.abort === true && r.status.phase === 'Degraded');
    });

    clause('retry', 'retry clears status.abort, and the rollout goes back to its pause step', async (s) => {
      const returned = await s.target.control(s.namespace, s.name, 'retry');
      assert.notEqual(returned.status?.abort, true);
      await until(
        'status.abort cleared and the pause step reached again',
        (r) => r.status?.abort !== true && pausedAtStep(r),
      );
    });

    clause(
      'promote',
      'promote at a pause step moves past it to the next steps, then to Healthy on the new image',
      async (s) => {
        const before = (await read()).status?.currentStepIndex ?? 0;
        const returned = await s.target.control(s.namespace, s.name, 'promote');
        assert.ok(
          !pausedAtStep(returned) || (returned.status?.currentStepIndex ?? 0) > before,
          'the returned Rollout is past the pause or no longer paused by it',
        );
        const healthy = await until(
          'Healthy on the new image',
          (r) => r.status?.phase === 'Healthy' && r.status.currentStepIndex === r.spec.strategy.canary?.steps?.length,
        );
        assert.equal(imageOf(healthy, s.container), s.secondImage);
      },
    );

    clause('events', "events lists the rollout's Events oldest first, with the reasons of what happened", async (s) => {
      const events = await s.target.events(s.namespace, s.name);
      const reasons = events.map((event) => event.reason);
      for (const reason of ['RolloutUpdated', 'RolloutPaused', 'RolloutAborted', 'RolloutCompleted'])
        assert.ok(reasons.includes(reason), `${reason} among ${reasons.join(', ')}`);
      const times = events.map((event) => Date.parse(event.firstTimestamp));
      assert.ok(
        times.every((time) => Number.isFinite(time)),
        'every Event has a first timestamp',
      );
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'oldest first',
      );
      assert.ok(events.every((event) => event.count >= 1 && (event.type === 'Normal' || event.type === 'Warning')));
      await assert.rejects(s.target.events(s.namespace, `${s.name}-missing`), /not found/);
    });

    clause('restart', 'restart sets spec.restartAt to a timestamp', async (s) => {
      const returned = await s.target.control(s.namespace, s.name, 'restart');
      const restartAt = returned.spec.restartAt;
      assert.match(String(restartAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal((await read()).spec.restartAt, restartAt);
    });

    clause('undo', "undo writes the previous revision's template", async (s) => {
      const outcome = await s.target.undo(s.namespace, s.name, 0);
      assert.equal(outcome.skipped, false);
      assert.equal(imageOf(outcome.rollout, s.container), s.firstImage);
      assert.equal(imageOf(await read(), s.container), s.firstImage);
    });

    clause('create-experiment', 'create -f creates an Experiment, and refuses it once it exists', async (s) => {
      const experiment: CreatableObject = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Experiment',
        metadata: { name: `${s.name}-created`, namespace: s.namespace },
        spec: {
          duration: '1m',
          templates: [
            {
              name: 'trial',
              selector: { matchLabels: { app: `${s.name}-trial` } },
              template: {
                metadata: { labels: { app: `${s.name}-trial` } },
                spec: { containers: [{ name: s.container, image: s.firstImage }] },
              },
            },
          ],
        },
      };
      assert.equal(await s.target.createObject(experiment, 'experiment.yaml'), `${s.name}-created`);
      const read = await s.target.experiment(s.namespace, `${s.name}-created`);
      assert.equal(read.spec.templates[0]?.template.spec?.containers[0]?.image, s.firstImage);
      await assert.rejects(s.target.createObject(experiment, 'experiment.yaml'), /already exists/);
    });

    clause(
      'create-config',
      'create -f creates a ConfigMap and a Secret, and refuses each once it exists',
      async (s) => {
        const objects: CreatableObject[] = [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `${s.name}-settings`, namespace: s.namespace },
            data: { GREETING: 'hello' },
          },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: `${s.name}-creds`, namespace: s.namespace },
            stringData: { token: 's3cret' },
          },
        ];
        for (const object of objects) {
          assert.equal(await s.target.createObject(object, 'config.yaml'), object.metadata.name);
          await assert.rejects(s.target.createObject(object, 'config.yaml'), /already exists/);
        }
      },
    );

    clause(
      'create-workload',
      'create -f creates a Service and an apps/v1 Deployment, and refuses each once it exists',
      async (s) => {
        const app = `${s.name}-plain`;
        const objects: CreatableObject[] = [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: app, namespace: s.namespace },
            spec: { selector: { app }, ports: [{ port: 80, targetPort: 8080 }] },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: app, namespace: s.namespace },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app } },
              template: {
                metadata: { labels: { app } },
                spec: { containers: [{ name: s.container, image: s.firstImage, ports: [{ containerPort: 8080 }] }] },
              },
            },
          },
        ];
        for (const object of objects) {
          assert.equal(await s.target.createObject(object, 'app.yaml'), app);
          await assert.rejects(s.target.createObject(object, 'app.yaml'), /already exists/);
        }
      },
    );

    clause(
      'experiment-objects',
      "experimentObjects gives the Experiment with its own ReplicaSet (not the rollout's); a missing one is not found",
      async (s) => {
        const name = `${s.name}-created`;
        const objects = await pollUntil(
          async () => {
            const read = await s.target.experimentObjects(s.namespace, name);
            return read.replicaSets.length > 0 ? read : undefined;
          },
          { what: `the ReplicaSet of experiment ${name}`, timeoutMs, intervalMs: 250 },
        );
        assert.equal(objects.experiment.metadata.name, name);
        assert.deepEqual(
          objects.replicaSets.map((rs) => rs.metadata.name),
          [`${name}-trial`],
        );
        for (const pod of objects.pods)
          assert.ok(pod.metadata.name?.startsWith(`${name}-trial-`), `${pod.metadata.name} is the experiment's pod`);
        await assert.rejects(
          s.target.experimentObjects(s.namespace, 'no-such-experiment'),
          /experiment no-such-experiment not found in namespace/,
        );
      },
    );
  });
}
