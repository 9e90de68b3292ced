// `sluice notifications` against a real API server (test/controlplane, upstream Argo CRDs), as
// Argo's plugin reads it: without --config-map, the argo-rollouts-notification-configmap and
// -secret of the namespace of -n (the Rollout's too); a template rendered and sent to a webhook
// receiver on loopback with the Secret's values; a trigger's conditions evaluated for the Rollout.
// No controller runs: the contract under test is what the CLI reads.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { findBinDir } from '../../controlplane/paths.ts';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { isOneSentence, neutralEnv, sluice } from '../../integration/cli/cli-process.ts';

const binaries = await findBinDir();
const skip = !binaries.found && process.env['CI'] !== 'true' ? binaries.reason : false;
const NS = 'notif-cli-e2e';

const manifests = (url: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: argo-rollouts-notification-configmap, namespace: ${NS}}
data:
  service.webhook.hook: |
    url: ${url}/cluster
    headers:
      - name: Authorization
        value: Bearer $hook-token
  template.cluster-note: |
    message: "{{.rollout.metadata.name}} wants {{.rollout.spec.replicas}} in {{.rollout.metadata.namespace}}"
  trigger.on-big: |
    - send: [cluster-note]
      when: rollout.spec.replicas >= 3
    - send: [cluster-note]
      when: rollout.spec.replicas >= 30
---
apiVersion: v1
kind: Secret
metadata: {name: argo-rollouts-notification-secret, namespace: ${NS}}
stringData: {hook-token: from-the-cluster}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1}]}
  strategy: {canary: {steps: [{setWeight: 20}]}}
`;

const columns = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd().split(/\s{2,}/));

describe('sluice notifications against a real API server', { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let receiver: HttpReceiver;
  let home = '';
  const cli = (...args: string[]) =>
    sluice(args, { env: neutralEnv({ KUBECONFIG: cp.kubeconfigPath, HOME: home }), cwd: home });

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    home = temporaryDir('notif-cli-e2e-home');
    receiver = await startHttpReceiver();
    cp = await startControlPlane({ binDir: binaries.binDir });
    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: manifests(receiver.url) });
  });

  after(async () => {
    await cp?.stop();
    await receiver?.close();
  });

  it('template get reads the ConfigMap of the namespace of -n, with the catalog', async () => {
    const result = await cli('notifications', 'template', 'get', 'cluster-note', '-n', NS);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(columns(result.stdout), [
      ['NAME', 'PREVIEW'],
      [
        'cluster-note',
        '{{.rollout.metadata.name}} wants {{.rollout.spec.replicas}} in {{.rollout.metadata.namespace}}',
      ],
    ]);
  });

  it('says in one sentence that a namespace has no ConfigMap, and how to choose one', async () => {
    const result = await cli('notifications', 'trigger', 'get', '-n', 'default');
    assert.equal(result.code, 1);
    assert.ok(isOneSentence(result.stderr), result.stderr);
    assert.match(
      result.stderr,
      /configmap argo-rollouts-notification-configmap is not in namespace default of the cluster .*-n/,
    );
  });

  it('template notify sends the Rollout of the namespace with the Secret of the namespace', async () => {
    const result = await cli(
      'notifications',
      'template',
      'notify',
      'cluster-note',
      'web',
      '-n',
      NS,
      '--recipient',
      'hook',
    );
    assert.equal(result.code, 0, result.stderr);
    const [request] = await receiver.waitFor(1);
    assert.deepEqual(
      [request?.path, request?.body, request?.headers.authorization],
      ['/cluster', `web wants 4 in ${NS}`, 'Bearer from-the-cluster'],
    );
  });

  it('trigger run evaluates each condition of the trigger for the Rollout', async () => {
    const result = await cli('notifications', 'trigger', 'run', 'on-big', 'web', '-n', NS);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(columns(result.stdout), [
      ['CONDITION', 'RESULT'],
      ['rollout.spec.replicas >= 3', 'true'],
      ['rollout.spec.replicas >= 30', 'false'],
    ]);
  });
});
