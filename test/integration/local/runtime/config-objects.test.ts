// ConfigMaps and Secrets through `sluice run` and `sluice apply`, as a pod in a cluster sees them:
// env from keys, files from volumes (items, defaultMode), a ConfigMap change reaching the mounted
// file but not the running pod's env, a rollout (template change) whose new pod reads the current
// values, and a pod waiting with CreateContainerConfigError until the ConfigMap it names is applied.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { send } from '../services/pod-servers.ts';
import { waitFor } from '../../../support/ports.ts';
import {
  copyFixture,
  editFile,
  readyPodsByHash,
  rollout,
  runCli,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

interface Seen {
  greeting: string;
  token: string;
  late: string | null;
  file: string;
  secret: string;
  mode: string;
}

describe('ConfigMaps and Secrets in local pods through sluice run', () => {
  let sluice: RunningSluice;
  let manifests: string;
  let port: number;
  const seen = async (): Promise<Seen> => {
    const reply = await send(port, { host: 'web' });
    assert.equal(reply.status, 200, reply.body);
    return JSON.parse(reply.body) as Seen;
  };

  before(async () => {
    manifests = copyFixture('config-objects');
    sluice = await startSluice([manifests]);
    port = Number(new URL(sluice.gatewayUrl).port);
  });
  after(async () => {
    await sluice?.stop();
  });

  it('gives the pod env from ConfigMap and Secret keys and their files, with the modes asked', async () => {
    await waitForRollout(sluice, 'default', 'web', 'Healthy', (d) => d.rollout.status?.phase === 'Healthy');
    assert.deepEqual(await seen(), {
      greeting: 'hello',
      token: 's3cret',
      late: null,
      file: 'file v1',
      secret: 's3cret',
      mode: '400',
    });
    assert.match(sluice.output(), /ConfigMap default\/settings created/);
    assert.match(sluice.output(), /Secret default\/creds created/);
    assert.doesNotMatch(sluice.output(), /kind (ConfigMap|Secret) \(v1\) is not read by sluice/);
  });

  it('a ConfigMap change reaches the mounted file of the running pod, not its env', async () => {
    editFile(path.join(manifests, 'config.yaml'), (text) =>
      text.replace('GREETING: hello', 'GREETING: bye').replace('file v1', 'file v2'),
    );
    const applied = await runCli(['apply', '-f', path.join(manifests, 'config.yaml'), '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /ConfigMap default\/settings configured/);
    assert.match(applied.stdout, /Secret default\/creds unchanged/);
    assert.doesNotMatch(applied.stdout, /is not read by sluice/);
    const after = await waitFor('the mounted file to change', async () => {
      const now = await seen();
      return now.file === 'file v2' ? now : undefined;
    });
    assert.equal(after.greeting, 'hello', 'env does not change in a running pod');
  });

  it('a new pod naming a missing ConfigMap waits with CreateContainerConfigError, and starts once it is applied', async () => {
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace(
        '          env:\n',
        '          env:\n            - name: LATE\n              valueFrom:\n                configMapKeyRef: {name: late, key: value}\n',
      ),
    );
    const applied = await runCli(['apply', '-f', path.join(manifests, 'rollout.yaml'), '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    const waiting = await waitForRollout(sluice, 'default', 'web', 'the new pod to wait for its ConfigMap', (d) => {
      const current = d.rollout.status?.currentPodHash;
      const pod = d.pods.find((p) => p.metadata.labels?.['rollouts-pod-template-hash'] === current);
      return pod?.status?.containerStatuses?.[0]?.state?.waiting;
    });
    assert.equal(waiting.reason, 'CreateContainerConfigError');
    assert.match(waiting.message ?? '', /configmap "late" not found/);
    // The old pod still serves.
    assert.equal((await seen()).late, null);

    const late = path.join(manifests, 'late.yaml');
    writeFileSync(late, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\ndata:\n  value: arrived\n');
    const created = await runCli(['apply', '-f', late, '--state-dir', sluice.stateDir]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /ConfigMap default\/late created/);
    await waitForRollout(sluice, 'default', 'web', 'the new revision to be Healthy', (d) => {
      const stable = d.rollout.status?.stableRS;
      return (
        d.rollout.status?.phase === 'Healthy' &&
        stable === d.rollout.status?.currentPodHash &&
        readyPodsByHash(d)[stable ?? ''] === 1
      );
    });
    const detail = await rollout(sluice, 'default', 'web');
    assert.equal(detail.pods.filter((p) => !p.metadata.deletionTimestamp).length, 1);
    const now = await waitFor('the new pod to serve', async () => {
      const reply = await seen();
      return reply.late === 'arrived' ? reply : undefined;
    });
    // The new pod read the ConfigMap as it is now.
    assert.deepEqual(now, {
      greeting: 'bye',
      token: 's3cret',
      late: 'arrived',
      file: 'file v2',
      secret: 's3cret',
      mode: '400',
    });
  });
});
