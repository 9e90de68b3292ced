// deploy/helm/sluice: helm lint, helm template, and an install on the real API server. The chart
// renders deploy/'s own manifests (its crds/ and files/ link into deploy/), so with the default
// values it renders what deploy/ installs, object for object (only Helm's labels are added), and
// in namespaced mode what deploy/namespaced installs. Installed, the ServiceAccount it creates can
// run the controller through a canary and an abort.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { helm, helmBinary } from '../../helm/helm.ts';
import { controlPlaneAvailability, deployDir, getJson, type Json } from './support.ts';

const chart = path.join(deployDir, 'helm', 'sluice');
const found = await helmBinary();
const { skip: noControlPlane } = await controlPlaneAvailability();
const HELM_LABELS = ['app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'helm.sh/chart'];
const NS = 'helm-e2e';

function objects(text: string): Json[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as Json | null)
    .filter((object): object is Json => object !== null && typeof object === 'object' && 'kind' in object);
}

/** Objects by kind/namespace/name, without Helm's labels, as JSON (key order and YAML style ignored). */
function comparable(list: Json[], without: (object: Json) => boolean = () => false): Record<string, Json> {
  const byKey: Record<string, Json> = {};
  for (const object of list) {
    if (without(object)) continue;
    const copy = JSON.parse(JSON.stringify(object)) as Json;
    for (const label of HELM_LABELS) delete copy.metadata?.labels?.[label];
    byKey[`${copy.kind} ${copy.metadata?.namespace ?? ''}/${copy.metadata?.name}`] = copy;
  }
  return byKey;
}

function controllerArgs(list: Json[]): string[] {
  const deployment = list.find((o) => o.kind === 'Deployment');
  return deployment?.spec.template.spec.containers[0].args as string[];
}

describe('the Helm chart', { skip: found.skip, timeout: 600_000 }, () => {
  const binary = found.helm ?? '';
  const template = async (args: string[]) =>
    objects((await helm(binary, ['template', 'sluice', chart, ...args])).stdout);

  it('passes helm lint, and refuses values of the wrong type or name with the field named', async () => {
    const lint = await helm(binary, ['lint', '--strict', chart]);
    assert.match(lint.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    await assert.rejects(template(['--set', 'replicas=two']), /\/replicas': got string, want null or integer/);
    await assert.rejects(template(['--set', 'replica=3']), /additional properties 'replica' not allowed/);
  });

  it('renders with its defaults exactly what deploy/ installs (deploy/install.yaml), Helm labels aside', async () => {
    const rendered = await template(['--namespace', 'sluice-system', '--include-crds']);
    const installed = objects(readFileSync(path.join(deployDir, 'install.yaml'), 'utf8'));
    const expected = comparable(installed, (object) => object.kind === 'Namespace');
    const actual = comparable(rendered);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
    assert.deepEqual(actual, expected);
    for (const object of rendered.filter((o) => o.kind !== 'CustomResourceDefinition'))
      assert.equal(object.metadata.labels['app.kubernetes.io/managed-by'], 'Helm', object.metadata.name);
  });

  it('packages into a self-contained chart (the links resolved) that renders the same', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'sluice-chart-'));
    try {
      await helm(binary, ['package', chart, '--destination', out]);
      const packaged = path.join(out, readdirSync(out).find((name) => name.endsWith('.tgz')) ?? 'no .tgz written');
      const args = ['--namespace', 'sluice-system', '--include-crds', '--set', 'namespaced=false'];
      const fromPackage = objects((await helm(binary, ['template', 'sluice', packaged, ...args])).stdout);
      assert.deepEqual(comparable(fromPackage), comparable(await template(args)));
      assert.ok(fromPackage.some((o) => o.kind === 'CustomResourceDefinition'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('applies its values: image, replicas, leader election, instance id, threads, resources, namespaced mode', async () => {
    const rendered = await template([
      '--namespace',
      'team-a',
      '--set',
      'image.repository=registry.example.com/sluice,image.tag=9.9.9,image.pullPolicy=Always',
      '--set',
      'replicas=1,leaderElection=false,instanceId=blue,rolloutThreads=4,analysisThreads=8,namespaced=true',
      '--set',
      'resources.limits.memory=1Gi',
    ]);
    const deployment = rendered.find((o) => o.kind === 'Deployment') as Json;
    const container = deployment.spec.template.spec.containers[0];
    assert.equal(container.image, 'registry.example.com/sluice:9.9.9');
    assert.equal(container.imagePullPolicy, 'Always');
    assert.equal(deployment.spec.replicas, 1);
    assert.deepEqual(container.resources, { limits: { memory: '1Gi' } });
    assert.deepEqual(controllerArgs(rendered), [
      'controller',
      '--metrics-port',
      '8090',
      '--health-port',
      '8080',
      '--instance-id',
      'blue',
      '--rollout-threads',
      '4',
      '--analysis-threads',
      '8',
      '--namespace',
      '$(POD_NAMESPACE)',
    ]);
    assert.deepEqual(rendered.map((o) => `${o.kind} ${o.metadata.namespace ?? '-'}`).sort(), [
      'Deployment team-a',
      'Role team-a',
      'RoleBinding team-a',
      'Service team-a',
      'ServiceAccount team-a',
    ]);
  });

  it('serves the dashboard only with dashboard.enabled: the flags, the container port, its Service and RBAC', async () => {
    const off = await template(['--namespace', 'sluice-system']);
    assert.ok(!off.some((o) => o.metadata.name === 'sluice-dashboard'), 'no dashboard objects by default');
    assert.ok(!controllerArgs(off).includes('--dashboard-port'));
    const on = await template(['--namespace', 'ops', '--set', 'dashboard.enabled=true,dashboard.port=8443']);
    assert.deepEqual(controllerArgs(on).slice(-4), ['--dashboard-port', '8443', '--dashboard-address', '0.0.0.0']);
    const container = (on.find((o) => o.kind === 'Deployment') as Json).spec.template.spec.containers[0];
    assert.ok(container.ports.some((p: Json) => p.name === 'dashboard' && p.containerPort === 8443));
    const service = on.find((o) => o.kind === 'Service' && o.metadata.name === 'sluice-dashboard') as Json;
    assert.equal(service.metadata.namespace, 'ops');
    assert.deepEqual(service.spec.ports, [{ name: 'dashboard', port: 8443, targetPort: 'dashboard', protocol: 'TCP' }]);
    const role = on.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'sluice-dashboard') as Json;
    const shipped = objects(readFileSync(path.join(deployDir, 'dashboard', 'rbac.yaml'), 'utf8'));
    assert.deepEqual(role.rules, shipped.find((o) => o.kind === 'ClusterRole')?.rules);
    const binding = on.find((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === 'sluice-dashboard') as Json;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'sluice-controller', namespace: 'ops' }]);
    await assert.rejects(template(['--set', 'dashboard.port=0']), /dashboard\/port/);
    const behindIngress = await template([
      '--set',
      'dashboard.enabled=true,dashboard.url=https://rollouts.example.com',
    ]);
    assert.deepEqual(controllerArgs(behindIngress).slice(-2), ['--dashboard-url', 'https://rollouts.example.com']);
    await assert.rejects(template(['--set', 'dashboard.url=rollouts.example.com']), /dashboard\/url/);
    const underPath = await template(['--set', 'dashboard.enabled=true,dashboard.rootPath=rollouts']);
    assert.deepEqual(controllerArgs(underPath).slice(-2), ['--dashboard-root-path', 'rollouts']);
    await assert.rejects(template(['--set', 'dashboard.rootPath=a b']), /dashboard\/rootPath/);
  });

  describe('on the API server', { skip: noControlPlane }, () => {
    let cp: ControlPlane;
    let dir: string;
    let controller: ReturnType<typeof spawn> | undefined;
    let controllerOutput = '';

    before(async () => {
      cp = await startControlPlane({ crdPaths: [] });
      dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-helm-'));
    });
    after(async () => {
      controller?.kill('SIGTERM');
      await cp?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('renders in namespaced mode what deploy/namespaced installs (kubectl kustomize)', async () => {
      const kustomized = objects(await kubectlOrThrow(cp.kubectl, ['kustomize', path.join(deployDir, 'namespaced')]));
      const rendered = await template(['--namespace', 'default', '--set', 'namespaced=true']);
      assert.deepEqual(comparable(rendered), comparable(kustomized));
    });

    it('installs with helm install; its ServiceAccount runs the controller through a canary and an abort', async () => {
      const kubeconfig = path.join(dir, 'admin.kubeconfig');
      writeFileSync(kubeconfig, readFileSync(cp.kubeconfigPath));
      const installed = await helm(binary, [
        'install',
        'sluice',
        chart,
        '--namespace',
        'sluice-system',
        '--create-namespace',
        '--kubeconfig',
        kubeconfig,
        '--set',
        'replicas=1',
        '--wait=false',
      ]);
      assert.match(installed.stdout, /STATUS: deployed/);
      const deployment = await getJson(cp.kubectl, ['deployment', 'sluice-controller', '-n', 'sluice-system']);
      assert.equal(deployment.metadata.labels['app.kubernetes.io/managed-by'], 'Helm');
      assert.deepEqual(deployment.spec.template.spec.containers[0].args, [
        'controller',
        '--leader-elect',
        '--metrics-port',
        '8090',
        '--health-port',
        '8080',
      ]);
      for (const crd of ['rollouts', 'analysisruns', 'analysistemplates', 'clusteranalysistemplates', 'experiments'])
        await kubectlOrThrow(cp.kubectl, ['get', 'crd', `${crd}.argoproj.io`]);

      // The controller (from the sources) with the token of the chart's ServiceAccount.
      const token = (
        await kubectlOrThrow(cp.kubectl, ['create', 'token', 'sluice-controller', '-n', 'sluice-system'])
      ).trim();
      const saConfig = path.join(dir, 'controller.kubeconfig');
      writeFileSync(saConfig, stringify(cp.kubeconfigForToken(token, 'sluice-controller')));
      const root = path.resolve(deployDir, '..');
      controller = spawn(
        process.execPath,
        [
          path.join(root, 'src/cli/main.ts'),
          'controller',
          '--kubeconfig',
          saConfig,
          '--leader-elect',
          '--metrics-port',
          '0',
        ],
        {
          env: { ...process.env, POD_NAMESPACE: 'sluice-system', POD_NAME: 'sluice-controller-test' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      controller.stdout?.on('data', (chunk: Buffer) => (controllerOutput += chunk.toString()));
      controller.stderr?.on('data', (chunk: Buffer) => (controllerOutput += chunk.toString()));

      const rolloutOf = (image: string) =>
        JSON.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          metadata: { name: 'web', namespace: NS },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
            strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
          },
        });
      const status = async (): Promise<Json> =>
        (await getJson(cp.kubectl, ['rollout.argoproj.io', 'web', '-n', NS])).status ?? {};
      const until = (what: string, check: (s: Json) => boolean) =>
        pollUntil(async () => check(await status()), { what, timeoutMs: 90_000 }).catch((error: Error) =>
          assert.fail(`${error.message}\ncontroller output:\n${controllerOutput.slice(-3000)}`),
        );
      await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
      await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: rolloutOf('registry.local/web:1') });
      await until('the first deploy to be Healthy', (s) => s.phase === 'Healthy');
      await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: rolloutOf('registry.local/web:2') });
      await until('the canary to pause at step 1', (s) => s.phase === 'Paused' && s.currentStepIndex === 1);
      await kubectlOrThrow(cp.kubectl, [
        'patch',
        'rollout.argoproj.io',
        'web',
        '-n',
        NS,
        '--subresource',
        'status',
        '--type',
        'merge',
        '-p',
        '{"status":{"abort":true}}',
      ]);
      await until('the aborted rollout to be Degraded', (s) => s.phase === 'Degraded');
      assert.doesNotMatch(controllerOutput, /forbidden/i);
      await helm(binary, ['uninstall', 'sluice', '--namespace', 'sluice-system', '--kubeconfig', kubeconfig]);
    });
  });
});
