// Real container images in the local runtime: a canary of an image built offline (FROM scratch
// with a static Go program) runs as containers of each engine; real HTTP goes through the mesh's
// gateway to the containers' published loopback ports, with no request lost through the update.
// An image that the engine does not have waits with a message saying how to make it local; a
// SIGKILLed container is restarted with no request lost; a runtime started again adopts the
// containers. It runs with podman: docker passes it too, but its engine layer is proven by the
// story, ConfigMap, pod and DNS suites, which run with both (to keep CI's time down). In CI a
// missing podman fails the suite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';
import { waitFor } from '../../../support/ports.ts';
import { engineAvailability, engineOrThrow, runtimeContainers, testImage } from '../../../images/test-images.ts';
import type { EngineName } from '../../../../src/runtime/local/images/container-engine.ts';
import { countBy, send, sendMany, type Reply } from '../services/pod-servers.ts';
import { podPids } from '../runtime/pod-processes.ts';
import {
  editFile,
  readyPodsByHash,
  rollout,
  runCli,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../runtime/sluice-run.ts';

/** This suite's containers (other container suites may run at the same time). */
const webappContainers = async (engine: EngineName) =>
  (await runtimeContainers(engine)).filter((name) => name.startsWith('sluice-default-webapp-'));

const run = promisify(execFile);
const detailPods = (detail: RolloutDetail) => detail.pods.map((pod) => pod.metadata.name ?? '').sort();

/** Requests to `webapp` through the gateway at `port`, one after another until `stop`: each reply or failure. */
function loadWebapp(port: number): { replies: Reply[]; failures: string[]; stop(): Promise<void> } {
  let loading = true;
  const replies: Reply[] = [];
  const failures: string[] = [];
  const load = (async () => {
    while (loading) {
      try {
        replies.push(await send(port, { host: 'webapp' }));
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  })();
  return {
    replies,
    failures,
    stop: async () => {
      loading = false;
      await load;
    },
  };
}

function manifests(image: string, version: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: webapp
spec:
  replicas: 2
  selector:
    matchLabels: {app: webapp}
  template:
    metadata:
      labels: {app: webapp}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
        - name: web
          image: ${image}
          env:
            - {name: VERSION, value: "${version}"}
            - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          ports:
            - {name: http, containerPort: 8080}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 1
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            periodSeconds: 2
          resources:
            limits: {cpu: 500m, memory: 64Mi}
  strategy:
    canary:
      steps:
        - setWeight: 50
        - pause: {}
---
apiVersion: v1
kind: Service
metadata:
  name: webapp
spec:
  selector: {app: webapp}
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: absent
  namespace: other
spec:
  replicas: 1
  selector:
    matchLabels: {app: absent}
  template:
    metadata:
      labels: {app: absent}
    spec:
      containers:
        - name: app
          image: localhost/sluice-test/not-built:1
  strategy:
    canary:
      steps: [{pause: {}}]
`;
}

const ENGINES: readonly EngineName[] = ['podman'];

for (const engine of ENGINES) {
  describe(`real ${engine} container images in the local runtime`, { skip: engineAvailability(engine) }, () => {
    let sluice: RunningSluice;
    let dir: string;
    let image: string;
    let port: number;
    let stableHash: string;
    const versions = async (n: number) =>
      countBy(
        await sendMany(n, 4, () => send(port, { host: 'webapp' })),
        (reply) => `${reply.status} ${reply.headers['x-version'] ?? '-'}`,
      );

    before(async () => {
      image = await testImage('webapp', engine);
      dir = temporaryDir('containers');
      writeFileSync(path.join(dir, 'app.yaml'), manifests(image, 'v1'));
      sluice = await startSluice([dir], { extraArgs: ['--container-engine', engine] });
      port = Number(new URL(sluice.gatewayUrl).port);
    });
    after(async () => {
      await sluice?.stop();
    });

    it(`runs the pods as ${engine} containers, serves them through the gateway, and says so`, async () => {
      stableHash = await waitForRollout(sluice, 'default', 'webapp', 'the first deploy to be Healthy', (d) => {
        const hash = d.rollout.status?.stableRS;
        return d.rollout.status?.phase === 'Healthy' && hash && readyPodsByHash(d)[hash] === 2 ? hash : undefined;
      });
      assert.match(sluice.output(), new RegExp(`image ${image}: runs as a ${engine} container`));
      const names = await runtimeContainers(engine);
      assert.equal(names.filter((name) => name.startsWith('sluice-default-webapp-')).length, 2, names.join(', '));
      const replies = await sendMany(20, 4, () => send(port, { host: 'webapp', path: '/hello' }));
      assert.deepEqual(
        countBy(replies, (r) => `${r.status} ${r.headers['x-version']}`),
        { '200 v1': 20 },
      );
      // Both pods answer (each container's hostname is its pod's name), with the path the client sent.
      const pods = detailPods(await rollout(sluice, 'default', 'webapp'));
      assert.deepEqual([...new Set(replies.map((r) => r.headers['x-host']))].sort(), pods);
      assert.ok(replies.every((r) => r.body.endsWith(' /hello\n')));
    });

    it(`waits with ErrImageNeverPull and how to make an image local when ${engine} does not have it`, async () => {
      const detail = await waitForRollout(sluice, 'other', 'absent', 'the pod of a missing image to wait', (d) =>
        d.pods.length === 1 ? d : undefined,
      );
      const waiting = (
        detail.pods[0]?.status?.containerStatuses?.[0]?.state as { waiting?: { reason?: string; message?: string } }
      )?.waiting;
      assert.equal(waiting?.reason, 'ErrImageNeverPull');
      assert.match(waiting?.message ?? '', /localhost\/sluice-test\/not-built:1/);
      assert.match(waiting?.message ?? '', new RegExp(`${engine} build -t localhost/sluice-test/not-built:1 DIR`));
      assert.match(waiting?.message ?? '', new RegExp(`${engine} load -i`));
    });

    it('goes through a canary at 50% and a promotion with no request lost', async () => {
      const { replies, failures, stop } = loadWebapp(port);
      try {
        editFile(path.join(dir, 'app.yaml'), (text) => text.replace('"v1"', '"v2"'));
        const applied = await runCli(['apply', '-f', dir, '--state-dir', sluice.stateDir]);
        assert.equal(applied.code, 0, applied.stderr);
        const canaryHash = await waitForRollout(sluice, 'default', 'webapp', 'the pause at 50%', (d) => {
          const current = d.rollout.status?.currentPodHash;
          const ready = readyPodsByHash(d);
          return d.rollout.status?.phase === 'Paused' && current && current !== stableHash && ready[current] === 1
            ? current
            : undefined;
        });
        const split = await versions(60);
        assert.ok((split['200 v1'] ?? 0) > 5 && (split['200 v2'] ?? 0) > 5, JSON.stringify(split));
        assert.equal((split['200 v1'] ?? 0) + (split['200 v2'] ?? 0), 60, JSON.stringify(split));
        await sluice.client.post('/api/v1/rollouts/default/webapp/promote');
        await waitForRollout(sluice, 'default', 'webapp', 'the promotion to complete', (d) => {
          const ready = readyPodsByHash(d);
          return d.rollout.status?.phase === 'Healthy' &&
            d.rollout.status.stableRS === canaryHash &&
            ready[canaryHash] === 2
            ? true
            : undefined;
        });
        // The old containers are gone once their pods stopped.
        await waitFor(
          'the old containers to be removed',
          async () =>
            (await runtimeContainers(engine)).filter((n) => n.startsWith('sluice-default-webapp-')).length === 2
              ? true
              : undefined,
          30_000,
          200,
        );
        assert.deepEqual(await versions(20), { '200 v2': 20 });
      } finally {
        await stop();
      }
      assert.deepEqual(failures, []);
      const statuses = countBy(replies, (r) => String(r.status));
      assert.deepEqual(Object.keys(statuses), ['200'], JSON.stringify(statuses));
      assert.ok(replies.length > 50, `only ${replies.length} requests went through during the update`);
    });

    it('restarts a SIGKILLed container and loses no request meanwhile', async () => {
      const [victim] = (await runtimeContainers(engine)).filter((n) => n.startsWith('sluice-default-webapp-'));
      assert.ok(victim);
      const pod = victim.replace(/^sluice-default-/, '').replace(/-web$/, '');
      const { replies, failures, stop } = loadWebapp(port);
      try {
        await run(engineOrThrow(engine), ['kill', '--signal', 'KILL', victim]);
        await waitForRollout(sluice, 'default', 'webapp', 'the killed container to be restarted and ready', (d) => {
          const restarted = d.pods.find((p) => p.metadata.name === pod)?.status?.containerStatuses?.[0];
          return restarted && restarted.restartCount === 1 && restarted.ready ? true : undefined;
        });
        const upTo = replies.length;
        await waitFor(
          'requests after the restart',
          async () => (replies.length > upTo + 20 ? true : undefined),
          10_000,
          10,
        );
      } finally {
        await stop();
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(Object.keys(countBy(replies, (r) => String(r.status))), ['200']);
    });

    it('adopts its running containers after sluice run was SIGKILLed and started again', async () => {
      const before = await webappContainers(engine);
      const pidsBefore = podPids(await rollout(sluice, 'default', 'webapp'));
      assert.equal(Object.keys(pidsBefore).length, 2);
      sluice.child.kill('SIGKILL');
      await sluice.stop();
      sluice = await startSluice([dir], { stateDir: sluice.stateDir, extraArgs: ['--container-engine', engine] });
      port = Number(new URL(sluice.gatewayUrl).port);
      const detail = await waitForRollout(sluice, 'default', 'webapp', 'the adopted pods to be ready', (d) =>
        d.rollout.status?.phase === 'Healthy' && Object.values(readyPodsByHash(d)).reduce((a, b) => a + b, 0) === 2
          ? d
          : undefined,
      );
      assert.deepEqual(podPids(detail), pidsBefore, `the same pods, with the same ${engine} processes`);
      assert.deepEqual((await webappContainers(engine)).sort(), before.sort());
      assert.deepEqual(await versions(20), { '200 v2': 20 });
    });

    it('removes every container it started when it stops', async () => {
      assert.equal(await sluice.stop(), 0);
      assert.deepEqual(await webappContainers(engine), []);
    });
  });
}
