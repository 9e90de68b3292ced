// The whole story of a canary with real containers, in one `sluice run` with each engine (podman,
// docker): a Rollout of
// the FROM scratch test image reads its VERSION from a ConfigMap, behind an NGINX canary Ingress
// served by the mesh gateway. With traffic kept up through the gateway the whole time, the
// ConfigMap and the template change together (a new revision whose pods read the new value), the
// canary pauses at 50% with two pods, one canary container is SIGKILLed and restarted, and the
// update is aborted. No request is lost; the canary Service served the new value and the stable
// Service the old; after the abort every request reaches the stable pods. In CI a missing engine
// (or docker's daemon) fails the suite.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  engineAvailability,
  engineOrThrow,
  runtimeContainers,
  TEST_ENGINES,
  testImage,
} from '../../../images/test-images.ts';
import { waitFor } from '../../../support/ports.ts';
import { failures, gatewayTraffic, type GatewayTraffic } from '../runtime/gateway-traffic.ts';
import {
  editFile,
  readyPodsByHash,
  runCli,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../runtime/sluice-run.ts';
import { countBy, send, sendMany, type Reply } from '../services/pod-servers.ts';

const run = promisify(execFile);
const HOST = 'story.example.com';

function manifests(image: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: story-config}
data:
  VERSION: "v1"
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: story}
spec:
  replicas: 2
  selector: {matchLabels: {app: story}}
  template:
    metadata:
      labels: {app: story}
      annotations: {config-version: "v1"}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
        - name: web
          image: ${image}
          env:
            - {name: VERSION, valueFrom: {configMapKeyRef: {name: story-config, key: VERSION}}}
          ports:
            - {name: http, containerPort: 8080}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 1
          resources:
            limits: {cpu: 500m, memory: 64Mi}
  strategy:
    canary:
      canaryService: story-canary
      stableService: story-stable
      # The canary's pods go 5 s after the abort moved the traffic off them (30 s by default).
      abortScaleDownDelaySeconds: 5
      trafficRouting:
        nginx:
          stableIngress: story
      steps:
        - setCanaryScale: {replicas: 2}
        - setWeight: 50
        - pause: {}
---
apiVersion: v1
kind: Service
metadata: {name: story-stable}
spec:
  selector: {app: story}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: story-canary}
spec:
  selector: {app: story}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: story
  annotations: {kubernetes.io/ingress.class: nginx}
spec:
  rules:
    - host: ${HOST}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: story-stable, port: {number: 80}}}
`;
}

/** Replies counted as `STATUS VERSION` (the test image's x-version header). */
const byVersion = (replies: Reply[]) => countBy(replies, (r) => `${r.status} ${r.headers['x-version'] ?? '-'}`);

for (const engine of TEST_ENGINES) {
  describe(`a canary of real ${engine} containers with a ConfigMap change, a SIGKILL and an abort`, {
    skip: engineAvailability(engine),
  }, () => {
    let sluice: RunningSluice;
    let traffic: GatewayTraffic;
    let dir: string;
    let port: number;
    let stableHash: string;
    let canaryHash: string;
    const versionsOf = async (host: string, n: number) => byVersion(await sendMany(n, 4, () => send(port, { host })));

    before(async () => {
      const image = await testImage('webapp', engine);
      dir = temporaryDir('container-canary');
      writeFileSync(path.join(dir, 'app.yaml'), manifests(image));
      sluice = await startSluice([dir], { extraArgs: ['--container-engine', engine] });
      traffic = gatewayTraffic(sluice, HOST);
      port = Number(new URL(sluice.gatewayUrl).port);
    });
    after(async () => {
      await sluice?.stop();
    });

    it('serves the ConfigMap value of the first revision through the gateway', async () => {
      stableHash = await waitForRollout(sluice, 'default', 'story', 'the first deploy to be Healthy', (d) => {
        const hash = d.rollout.status?.stableRS;
        return d.rollout.status?.phase === 'Healthy' && hash && readyPodsByHash(d)[hash] === 2 ? hash : undefined;
      });
      assert.deepEqual(await versionsOf(HOST, 20), { '200 v1': 20 });
    });

    it('loses no request through a ConfigMap change, a SIGKILLed canary container and an abort', async () => {
      let atPause: Reply[] = [];
      let split: Record<string, number> = {};
      let canaryAfterKill: Record<string, number> = {};
      let stableAfterKill: Record<string, number> = {};
      const replies = await traffic.during(async () => {
        // The ConfigMap's new value and a template that names it: a new revision whose pods read it.
        editFile(path.join(dir, 'app.yaml'), (text) =>
          text.replace('VERSION: "v1"', 'VERSION: "v2"').replace('config-version: "v1"', 'config-version: "v2"'),
        );
        const applied = await runCli(['apply', '-f', dir, '--state-dir', sluice.stateDir]);
        assert.equal(applied.code, 0, applied.stderr);
        canaryHash = await waitForRollout(sluice, 'default', 'story', 'the pause at 50% with two canary pods', (d) => {
          const current = d.rollout.status?.currentPodHash;
          const ready = readyPodsByHash(d);
          return d.rollout.status?.phase === 'Paused' &&
            d.routes?.canaryWeight === 50 &&
            current &&
            current !== stableHash &&
            ready[current] === 2 &&
            ready[stableHash] === 2
            ? current
            : undefined;
        });
        atPause = await sendMany(200, 4, () => send(port, { host: HOST }));
        split = byVersion(atPause);

        // SIGKILL one canary container: it is restarted, and the canary's other pod serves meanwhile.
        const [victim] = (await runtimeContainers(engine)).filter((n) =>
          n.startsWith(`sluice-default-story-${canaryHash}-`),
        );
        assert.ok(victim, `no container of the canary ${canaryHash}: ${(await runtimeContainers(engine)).join(', ')}`);
        const pod = victim.replace(/^sluice-default-/, '').replace(/-web$/, '');
        await run(engineOrThrow(engine), ['kill', '--signal', 'KILL', victim]);
        await waitForRollout(
          sluice,
          'default',
          'story',
          'the killed canary container to be restarted and ready',
          (d) => {
            const restarted = d.pods.find((p) => p.metadata.name === pod)?.status?.containerStatuses?.[0];
            return restarted && restarted.restartCount === 1 && restarted.ready ? true : undefined;
          },
        );
        canaryAfterKill = await versionsOf('story-canary', 40);
        stableAfterKill = await versionsOf('story-stable', 40);

        await sluice.client.post('/api/v1/rollouts/default/story/abort');
        await waitForRollout(sluice, 'default', 'story', 'the abort to scale the canary down', (d) =>
          d.rollout.status?.phase === 'Degraded' &&
          d.routes?.canaryWeight === 0 &&
          !d.pods.some((p) => p.metadata.labels?.['rollouts-pod-template-hash'] === canaryHash)
            ? true
            : undefined,
        );
      });

      assert.ok(replies.length > 100, `only ${replies.length} requests went through the whole story`);
      assert.deepEqual(failures([...replies, ...atPause]), { ok: replies.length + atPause.length });
      // At 50% both versions answer through the Ingress, and nothing else does.
      assert.ok((split['200 v1'] ?? 0) > 50 && (split['200 v2'] ?? 0) > 50, JSON.stringify(split));
      assert.equal((split['200 v1'] ?? 0) + (split['200 v2'] ?? 0), 200, JSON.stringify(split));
      // The canary's pods (the restarted one too) read the new value, the stable's kept the old.
      assert.deepEqual(canaryAfterKill, { '200 v2': 40 });
      assert.deepEqual(stableAfterKill, { '200 v1': 40 });
      const all = byVersion(replies);
      assert.deepEqual(Object.keys(all).sort(), ['200 v1', '200 v2'], JSON.stringify(all));
    });

    it('sends everything to the stable pods after the abort, and their containers only are left', async () => {
      assert.deepEqual(await versionsOf(HOST, 40), { '200 v1': 40 });
      assert.deepEqual(await versionsOf('story-canary', 20), { '200 v1': 20 });
      await waitFor(
        'the canary containers to be removed',
        async () => {
          const names = (await runtimeContainers(engine)).filter((n) => n.startsWith('sluice-default-story-'));
          return names.length === 2 && names.every((n) => n.startsWith(`sluice-default-story-${stableHash}-`))
            ? true
            : undefined;
        },
        30_000,
        200,
      );
    });

    it('removes every container it started when it stops', async () => {
      assert.equal(await sluice.stop(), 0);
      // Only this test's containers: other container suites may run at the same time.
      assert.deepEqual(
        (await runtimeContainers(engine)).filter((n) => n.startsWith('sluice-default-story-')),
        [],
      );
    });
  });
}
