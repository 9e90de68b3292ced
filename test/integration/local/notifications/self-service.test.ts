// Self-service notifications on the local runtime (`sluice run --self-service-notification-enabled`,
// as the controller's flag): the ConfigMap and Secret applied without a namespace are the
// controller's and apply to every Rollout; the ones applied in a namespace apply to its Rollouts
// too, and to no other namespace's. Real runtime, webhook receiver on loopback.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../../src/runtime/local/run.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../support/notification-receivers.ts';
import { waitFor } from '../../../support/ports.ts';
import { IMAGES, temporaryDir } from '../runtime/sluice-run.ts';

const rollout = (namespace: string, services: string[]) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: app
  namespace: ${namespace}
  annotations:
${services.map((service) => `    notifications.argoproj.io/subscribe.on-rollout-updated.${service}: ""`).join('\n')}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
        - name: colorapi
          image: ghcr.io/sluice-examples/colorapi:red
          ports: [{name: http, containerPort: 8080}]
  strategy: {canary: {steps: [{setWeight: 50}, {pause: {}}]}}
`;

function manifests(url: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${url}/controller
  template.rollout-updated: |
    message: "controller: {{.rollout.metadata.namespace}}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
  namespace: team-a
data:
  service.webhook.teamhook: |
    url: ${url}/$team-path
  template.rollout-updated: |
    message: "team-a's own: {{.rollout.metadata.namespace}}"
  trigger.on-rollout-updated: |
    - send: [rollout-updated]
---
apiVersion: v1
kind: Secret
metadata:
  name: argo-rollouts-notification-secret
  namespace: team-a
stringData:
  team-path: team-a
---
${rollout('team-a', ['hook', 'teamhook'])}---
${rollout('team-b', ['hook', 'teamhook'])}`;
}

describe('self-service notifications on the local runtime', () => {
  let receiver: HttpReceiver;
  let runtime: LocalRuntime;
  const logs: string[] = [];

  before(async () => {
    receiver = await startHttpReceiver();
    const dir = temporaryDir('self-service');
    writeFileSync(path.join(dir, 'all.yaml'), manifests(receiver.url));
    runtime = await startLocalRuntime({
      log: (line) => logs.push(line),
      stateDir: temporaryDir('self-service-state'),
      sources: readSources([dir]),
      imagesFile: IMAGES,
      selfServiceNotifications: true,
    });
  });
  after(async () => {
    await runtime?.stop();
    await receiver?.close();
  });

  it("sends with the controller's configuration to every namespace, and with a namespace's own to its Rollouts only", async () => {
    await waitFor('three notifications', async () => (receiver.requests.length >= 3 ? true : undefined), 60_000);
    // The sends of one event run in parallel per destination: compare them as a set.
    const received = receiver.requests.map((request) => `${request.path} ${request.body}`).sort();
    assert.deepEqual(
      received,
      ['/controller controller: team-a', '/controller controller: team-b', "/team-a team-a's own: team-a"],
      logs.join('\n'),
    );
  });
});
