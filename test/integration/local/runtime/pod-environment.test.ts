// A pod of namespace `shop`, through `sluice run`, as a cluster would run it: it waits for the
// ConfigMap and Secret it names until `sluice create -f` creates them (a second create is refused,
// as kubectl's AlreadyExists), then reads them, the downward API (resourceFieldRef rounded up,
// fieldRef to uid and serviceAccountName) in its env, and calls `http://web/` by its short name:
// the mesh proxy resolves it in `shop`, not in `default`, whose Service `web` answers otherwise.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { servedService, servedWorkload } from '../../../support/served-workloads.ts';
import { send } from '../services/pod-servers.ts';
import { runCli, startSluice, temporaryDir, waitForRollout, type RunningSluice } from './sluice-run.ts';

const SHOP = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  strategy: {canary: {steps: []}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: shop-reader
      containers:
        - name: web
          command:
            - node
            - -e
            - |
              require('node:http').createServer(async (q, s) => {
                const url = new URL(q.url, 'http://x').searchParams.get('url');
                if (url) {
                  try { const r = await fetch(url); s.end(r.status + ' ' + (await r.text())); }
                  catch (e) { s.end('error ' + (e.cause?.message ?? e.message)); }
                  return;
                }
                const e = process.env;
                s.end(JSON.stringify({ greeting: e.GREETING, token: e.TOKEN, cpu: e.CPU_MILLI, cores: e.CORES,
                  mem: e.MEM_MI, request: e.MEM_REQUEST, sa: e.SA, uid: e.UID, ips: e.POD_IPS }));
              }).listen(Number(process.env.PORT), '127.0.0.1');
          ports: [{name: http, containerPort: 8080}]
          resources:
            limits: {cpu: 250m, memory: 64Mi}
          env:
            - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: GREETING}}}
            - {name: TOKEN, valueFrom: {secretKeyRef: {name: creds, key: token}}}
            - {name: CPU_MILLI, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
            - {name: CORES, valueFrom: {resourceFieldRef: {containerName: web, resource: limits.cpu}}}
            - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
            - {name: MEM_REQUEST, valueFrom: {resourceFieldRef: {resource: requests.memory}}}
            - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
            - {name: UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
            - {name: POD_IPS, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}
          readinessProbe: {periodSeconds: 1, httpGet: {path: /, port: http}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
${servedWorkload({ kind: 'Rollout', name: 'other', reply: "'web of default'", readiness: 'tcp' })}---
${servedService('web', { app: 'other' })}`;

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {GREETING: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {token: s3cret}
`;

describe('a pod of a namespace other than default, through sluice run', () => {
  let sluice: RunningSluice;
  let gateway: number;
  let config: string;

  before(async () => {
    const manifests = temporaryDir('pod-environment');
    writeFileSync(path.join(manifests, 'apps.yaml'), SHOP);
    config = path.join(temporaryDir('pod-environment-config'), 'config.yaml');
    writeFileSync(config, CONFIG);
    sluice = await startSluice([manifests]);
    gateway = Number(new URL(sluice.gatewayUrl).port);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('waits for its ConfigMap until sluice create -f makes it; a second create is refused', async () => {
    const waiting = await waitForRollout(
      sluice,
      'shop',
      'web',
      'the pod to wait for its ConfigMap',
      (d) => d.pods[0]?.status?.containerStatuses?.[0]?.state?.waiting,
    );
    assert.equal(waiting.reason, 'CreateContainerConfigError');
    assert.match(waiting.message ?? '', /configmap "settings" not found/);

    const created = await runCli(['create', '-f', config, '-n', 'shop', '--state-dir', sluice.stateDir]);
    assert.deepEqual(
      [created.code, created.stdout],
      [0, 'configmap/settings created\nsecret/creds created\n'],
      created.stderr,
    );
    await waitForRollout(sluice, 'shop', 'web', 'Healthy', (d) => d.rollout.status?.phase === 'Healthy');

    const again = await runCli(['create', '-f', config, '-n', 'shop', '--state-dir', sluice.stateDir]);
    assert.deepEqual(
      [again.code, again.stdout, again.stderr],
      [1, '', 'sluice create: ConfigMap shop/settings already exists: nothing was created\n'],
    );
  });

  it('reads them and the downward API in its env, as kubelet gives them', async () => {
    const reply = await send(gateway, { host: 'web.shop' });
    assert.equal(reply.status, 200, reply.body);
    const env = JSON.parse(reply.body) as Record<string, string>;
    assert.match(env['uid'] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...env, uid: 'a uuid' },
      {
        greeting: 'hello',
        token: 's3cret',
        cpu: '250',
        cores: '1',
        mem: '64',
        request: String(64 * 2 ** 20),
        sa: 'shop-reader',
        uid: 'a uuid',
        ips: '127.0.0.1',
      },
    );
  });

  it('calls http://web/ in its own namespace, and web.default where it says so', async () => {
    const call = async (url: string) =>
      (await send(gateway, { host: 'web.shop', path: `/?url=${encodeURIComponent(url)}` })).body;
    assert.match(await call('http://web/'), /^200 \{"greeting":"hello"/);
    assert.match(await call('http://web.shop.svc.cluster.local/'), /^200 \{"greeting":"hello"/);
    assert.equal(await call('http://web.default/'), '200 web of default');
  });
});
