// A canary's experiment tells the rollout's subscribers of its analysis (as Argo's controller copies
// an experiment's AnalysisRun events onto its Rollout): on the local runtime, an experiment whose
// analysis fails sends the catalog's analysis-run-failed message of the Rollout to a webhook.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../../src/runtime/local/run.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../support/notification-receivers.ts';
import { waitFor } from '../../../support/ports.ts';
import { EXIT_CODE_TEMPLATE, IMAGES, temporaryDir } from '../runtime/sluice-run.ts';

function manifests(hookUrl: string, image: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${hookUrl}/hook
---
${EXIT_CODE_TEMPLATE}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  annotations:
    notifications.argoproj.io/subscribe.on-analysis-run-failed.hook: ""
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "${image}", ports: [{containerPort: 8080}]}]
  strategy:
    canary:
      steps:
        - experiment:
            templates: [{name: trial, specRef: canary}]
            analyses: [{name: check, templateName: exit-code, args: [{name: code, value: "1"}]}]
        - pause: {}
`;
}

describe("an experiment's analysis, heard by the rollout's notifications", () => {
  let receiver: HttpReceiver;
  let runtime: LocalRuntime;
  let client: RuntimeClient;
  const detail = () => client.get<RolloutDetail>('/api/v1/rollouts/default/web');

  before(async () => {
    receiver = await startHttpReceiver();
    const dir = temporaryDir('experiment-notifications');
    writeFileSync(path.join(dir, 'all.yaml'), manifests(receiver.url, 'sluice/colorapi:1.0'));
    runtime = await startLocalRuntime({
      log: () => undefined,
      stateDir: temporaryDir('experiment-notifications-state'),
      sources: readSources([dir]),
      imagesFile: IMAGES,
    });
    client = new RuntimeClient(runtime.apiUrl, runtime.token);
    await waitFor(
      'Healthy',
      async () => ((await detail()).rollout.status?.phase === 'Healthy' ? true : undefined),
      60_000,
    );
  });
  after(async () => {
    await runtime?.stop();
    await receiver?.close();
  });

  it("sends the Rollout's analysis-run-failed message when the experiment's run fails", async () => {
    assert.equal(receiver.requests.length, 0, 'nothing is sent before the experiment runs');
    await client.post('/api/v1/apply', {
      sources: [{ file: 'update.yaml', text: manifests(receiver.url, 'sluice/colorapi:2.0') }],
    });
    await waitFor('the failed message', async () => (receiver.requests.length > 0 ? true : undefined), 90_000);
    assert.deepEqual(
      receiver.requests.map((request) => [request.path, request.body]),
      [['/hook', "Rollout web's analysis run failed."]],
    );
  });
});
