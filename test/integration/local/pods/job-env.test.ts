// A job metric's containers under the local runtime get their env as a pod's would: configMapKeyRef,
// secretKeyRef, envFrom, fieldRef and resourceFieldRef, from the runtime's ConfigMaps and Secrets
// (real processes of the local job runner check what they were given); a missing ConfigMap is
// kubelet's CreateContainerConfigError, reported when the job starts. The downward API sees the
// template's labels and annotations with the Job controller's labels, a uid and the service account.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LocalJobRunner } from '../../../../src/analysis/providers/job/local-runner.ts';
import type { JobMetric } from '../../../../src/api/types/analysis.ts';
import { configObjectOf } from '../../../../src/runtime/local/config/config-data.ts';
import { ConfigObjects } from '../../../../src/runtime/local/config/config-objects.ts';
import { jobContainerEnv } from '../../../../src/runtime/local/pods/job-env.ts';
import { waitFor } from '../../../support/ports.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-job-env-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const config = new ConfigObjects();
for (const document of [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'demo' },
    data: { GREETING: 'hello' },
  },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'demo' }, stringData: { token: 's3cret' } },
]) {
  const object = configObjectOf(document);
  assert.ok(object);
  config.put(object);
}

const node = { cpu: 4, memoryBytes: 8 * 2 ** 30, ephemeralStorageBytes: 0 };
const runner = new LocalJobRunner(dir, { resolveEnv: (pod) => jobContainerEnv(pod, config, node) });

function job(env: unknown[], script: string, envFrom: unknown[] = []): JobMetric {
  return {
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          containers: [
            {
              name: 'check',
              image: 'x',
              command: ['sh', '-c', script],
              env,
              envFrom,
              resources: { limits: { cpu: '500m' } },
            },
          ],
        },
      },
    },
  };
}

async function outcome(name: string): Promise<string> {
  return waitFor(`job ${name} to end`, async () => {
    const state = await runner.status(name);
    if (state.phase === 'running') return undefined;
    return state.phase === 'failed' ? `failed: ${state.message}` : state.phase;
  });
}

describe("a job metric's env under the local runtime", () => {
  it('reads ConfigMaps, Secrets and the downward API as a pod does', async () => {
    const name = 'run-uid.check.1';
    await runner.start({
      name,
      metricName: 'check',
      run: { name: 'run', namespace: 'demo' },
      job: job(
        [
          { name: 'GREETING_COPY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'GREETING' } } },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Gi' } } },
          { name: 'PLAIN', value: 'x-$(NS)' },
        ],
        'test "$GREETING" = hello && test "$GREETING_COPY" = hello && test "$TOKEN" = s3cret && test "$NS" = demo && test "$POD" = run-uid.check.1 && test "$CPU" = 500 && test "$MEM" = 8 && test "$PLAIN" = x-demo',
        [{ configMapRef: { name: 'settings' } }],
      ),
    });
    assert.equal(await outcome(name), 'succeeded');
  });

  it("gives the pod the template's labels, annotations and service account, the Job controller's labels and a uid", async () => {
    const name = 'run-uid.check.3';
    const metric = job(
      [
        { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
        { name: 'JOB', valueFrom: { fieldRef: { fieldPath: "metadata.labels['job-name']" } } },
        {
          name: 'BATCH_JOB',
          valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } },
        },
        { name: 'CONTROLLER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['controller-uid']" } } },
        {
          name: 'BATCH_CONTROLLER',
          valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } },
        },
        { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
        { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
        { name: 'ACCOUNT', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
      ],
      [
        'test "$TIER" = backend',
        `test "$JOB" = ${name}`,
        `test "$BATCH_JOB" = ${name}`,
        'echo "$CONTROLLER" | grep -Eq "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"',
        'test "$BATCH_CONTROLLER" = "$CONTROLLER"',
        'test "$NOTE" = "from the template"',
        'echo "$UID" | grep -Eq "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"',
        'test "$UID" != "$CONTROLLER"',
        'test "$ACCOUNT" = checker',
      ].join(' && '),
    );
    const template = metric.spec?.template as Record<string, unknown>;
    template['metadata'] = { labels: { tier: 'backend' }, annotations: { note: 'from the template' } };
    (template['spec'] as Record<string, unknown>)['serviceAccountName'] = 'checker';
    await runner.start({ name, metricName: 'check', run: { name: 'run', namespace: 'demo' }, job: metric });
    assert.equal(await outcome(name), 'succeeded', runner.output(name));
  });

  it("a ConfigMap the pod names that does not exist keeps the job from starting, with kubelet's reason", async () => {
    await assert.rejects(
      runner.start({
        name: 'run-uid.check.2',
        metricName: 'check',
        run: { name: 'run', namespace: 'other' },
        job: job([{ name: 'G', valueFrom: { configMapKeyRef: { name: 'settings', key: 'GREETING' } } }], 'true'),
      }),
      /^Error: CreateContainerConfigError: configmap "settings" not found \(env G of container "check"\)/,
    );
  });
});
