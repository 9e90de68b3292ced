// `create analysisrun` and `terminate analysisrun` against a real API server (test/controlplane,
// upstream Argo CRDs): the AnalysisRun object created from an AnalysisTemplate, a
// ClusterAnalysisTemplate and a file, and the spec.terminate patch, as the server stores them.
// No controller runs: the contract under test is the object written.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlJson, kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { findBinDir } from '../../controlplane/paths.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { isOneSentence, neutralEnv, sluice, sluiceWatching } from '../../integration/cli/cli-process.ts';

const binaries = await findBinDir();
const skip = !binaries.found && process.env['CI'] !== 'true' ? binaries.reason : false;
const NS = 'cli-ar-e2e';

const templates = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: success-rate, namespace: ${NS}, labels: {team: web}, annotations: {note: kept}}
spec:
  args: [{name: service}, {name: threshold, value: "0.95"}]
  metrics:
    - name: rate
      interval: 1m
      successCondition: result >= {{args.threshold}}
      provider: {web: {url: "http://metrics.example/{{args.service}}"}}
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata: {name: budget}
spec:
  metrics:
    - name: errors
      provider: {web: {url: "http://metrics.example/budget"}}
`;

interface RunJson {
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    generateName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: { args?: Array<{ name: string; value?: string }>; metrics: Array<{ name: string }>; terminate?: boolean };
}

describe('create and terminate analysisrun against a real API server', { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let home = '';
  const cli = (...args: string[]) => sluice(args, { env: neutralEnv({ KUBECONFIG: cp.kubeconfigPath, HOME: home }) });
  const run = (name: string) => kubectlJson<RunJson>(cp.kubectl, ['get', 'analysisrun', name, '-n', NS, '-o', 'json']);
  const createdName = (stdout: string) =>
    /^analysisrun\.argoproj\.io\/(\S+) created\n$/.exec(stdout)?.[1] ?? assert.fail(`not a created line: ${stdout}`);

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    home = temporaryDir('cli-ar-e2e-home');
    cp = await startControlPlane({ binDir: binaries.binDir });
    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: templates });
  });

  after(async () => {
    await cp?.stop();
  });

  it('create analysisrun --from writes the template as an AnalysisRun with generateName and the merged args', async () => {
    const result = await cli('create', 'analysisrun', '--from', 'success-rate', '-a', 'service=web', '-n', NS);
    assert.equal(result.code, 0, result.stderr);
    const name = createdName(result.stdout);
    assert.match(name, /^success-rate-[a-z0-9]{5}$/);
    const stored = await run(name);
    assert.deepEqual(
      [
        stored.kind,
        stored.metadata.generateName,
        stored.metadata.labels,
        stored.metadata.annotations?.['note'],
        stored.spec.args,
        stored.spec.metrics.map((m) => m.name),
      ],
      [
        'AnalysisRun',
        'success-rate-',
        { team: 'web' },
        'kept',
        [
          { name: 'service', value: 'web' },
          { name: 'threshold', value: '0.95' },
        ],
        ['rate'],
      ],
    );
  });

  it('--global reads the ClusterAnalysisTemplate; --name and --instance-id name and label the run', async () => {
    const result = await cli(
      'create',
      'analysisrun',
      '--global',
      '--from',
      'budget',
      '--name',
      'budget-now',
      '--instance-id',
      'blue',
      '-n',
      NS,
    );
    assert.deepEqual([result.code, result.stdout], [0, 'analysisrun.argoproj.io/budget-now created\n'], result.stderr);
    const stored = await run('budget-now');
    assert.deepEqual(
      [stored.metadata.labels, stored.spec.args],
      [{ 'argo-rollouts.argoproj.io/controller-instance-id': 'blue' }, undefined],
    );
  });

  it('--from-file creates the run without the template being in the cluster', async () => {
    const file = path.join(temporaryDir('cli-ar-e2e-file'), 'template.yaml');
    writeFileSync(file, (templates.split('---\n')[0] ?? '').replace('name: success-rate', 'name: from-file'));
    const result = await cli('create', 'analysisrun', '--from-file', file, '-a', 'service=api', '-n', NS);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await run(createdName(result.stdout))).spec.args, [
      { name: 'service', value: 'api' },
      { name: 'threshold', value: '0.95' },
    ]);
  });

  it('terminate analysisrun sets spec.terminate: true on each run named', async () => {
    const result = await cli('terminate', 'analysisrun', 'budget-now', '-n', NS);
    assert.deepEqual([result.code, result.stdout], [0, "analysisRun 'budget-now' terminated\n"], result.stderr);
    assert.equal((await run('budget-now')).spec.terminate, true);
  });

  it('create -f creates a Rollout and a template in the namespace of -n, -w watches the Rollout; an existing one is refused', async () => {
    const file = path.join(temporaryDir('cli-ar-e2e-create'), 'objects.yaml');
    writeFileSync(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: made}
spec:
  replicas: 1
  selector: {matchLabels: {app: made}}
  template: {metadata: {labels: {app: made}}, spec: {containers: [{name: web, image: "registry.example/web:1"}]}}
  strategy: {canary: {steps: [{setWeight: 50}]}}
`,
    );
    const result = await sluiceWatching(['create', '-f', file, '-w', '-n', NS], (out) => /Name: +made/.test(out), {
      env: neutralEnv({ KUBECONFIG: cp.kubeconfigPath, HOME: home }),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^rollout\.argoproj\.io\/made created\n/);
    const stored = await kubectlJson<{ metadata: { namespace: string }; spec: { replicas: number } }>(cp.kubectl, [
      'get',
      'rollout',
      'made',
      '-n',
      NS,
      '-o',
      'json',
    ]);
    assert.deepEqual([stored.metadata.namespace, stored.spec.replicas], [NS, 1]);
    const template = path.join(path.dirname(file), 'template.yaml');
    writeFileSync(template, (templates.split('---\n')[1] ?? '').replace('name: budget', 'name: budget-2'));
    const created = await cli('create', '-f', template);
    assert.deepEqual(
      [created.code, created.stdout],
      [0, 'clusteranalysistemplate.argoproj.io/budget-2 created\n'],
      created.stderr,
    );
    const again = await cli('create', '-f', file, '-n', NS);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^sluice create: .*already exists/);
    assert.ok(isOneSentence(again.stderr), again.stderr);
  });

  it("kubectl's connection flags: --token replaces the context's credentials; --server with --token or --certificate-authority needs no kubeconfig; --user and --cluster pick others of the kubeconfig", async () => {
    const noKubeconfig = neutralEnv({ HOME: home });
    const bare = await sluice(
      [
        'get',
        'analysisrun',
        'budget-now',
        '-n',
        NS,
        '--server',
        cp.server,
        '--token',
        cp.token,
        '--certificate-authority',
        cp.caPath,
        '-v',
      ],
      { env: noKubeconfig, cwd: home },
    );
    assert.equal(bare.code, 0, bare.stderr);
    assert.match(bare.stdout, /^Name: +budget-now\n/);
    assert.match(
      bare.stderr,
      new RegExp(
        `^target: cluster of server ${cp.server} given with --server \\(${cp.server}\\) \\(chosen by --server\\)`,
      ),
    );
    const insecure = await sluice(
      [
        'get',
        'analysisrun',
        'budget-now',
        '-n',
        NS,
        '-s',
        cp.server,
        '--token',
        cp.token,
        '--insecure-skip-tls-verify',
      ],
      { env: noKubeconfig, cwd: home },
    );
    assert.equal(insecure.code, 0, insecure.stderr);
    const unverified = await sluice(
      ['get', 'analysisrun', 'budget-now', '-n', NS, '--server', cp.server, '--token', cp.token],
      { env: noKubeconfig, cwd: home },
    );
    assert.equal(unverified.code, 1, "without a CA the server's certificate is not trusted");

    await kubectlOrThrow(cp.kubectl, ['create', 'serviceaccount', 'reader', '-n', NS]);
    const readerToken = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'reader', '-n', NS])).trim();
    const forbidden = await cli('terminate', 'analysisrun', 'budget-now', '-n', NS, '--token', readerToken);
    assert.equal(forbidden.code, 1);
    assert.match(
      forbidden.stderr,
      new RegExp(
        `^sluice terminate: forbidden by RBAC: .*User "system:serviceaccount:${NS}:reader" cannot patch resource "analysisruns"`,
      ),
    );
    assert.ok(isOneSentence(forbidden.stderr), forbidden.stderr);

    // A kubeconfig whose context uses the reader, with the admin as a second user and a second cluster that is not there.
    const document = cp.kubeconfigForToken(readerToken, 'reader') as { users: object[]; clusters: object[] };
    document.users.push({ name: 'admin', user: { token: cp.token } });
    document.clusters.push({
      name: 'elsewhere',
      cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true },
    });
    const kubeconfig = path.join(home, 'two-users.kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify(document));
    const asReader = await sluice(['terminate', 'analysisrun', 'budget-now', '-n', NS, '--kubeconfig', kubeconfig], {
      env: noKubeconfig,
    });
    assert.match(asReader.stderr, /forbidden by RBAC: .*reader/);
    const asAdmin = await sluice(
      ['terminate', 'analysisrun', 'budget-now', '-n', NS, '--kubeconfig', kubeconfig, '--user', 'admin', '-v'],
      { env: noKubeconfig },
    );
    assert.equal(asAdmin.code, 0, asAdmin.stderr);
    assert.match(asAdmin.stderr, /^target: cluster of context \S+ in \S+ with user admin /);
    const elsewhere = await sluice(
      [
        'get',
        'analysisrun',
        'budget-now',
        '-n',
        NS,
        '--kubeconfig',
        kubeconfig,
        '--user',
        'admin',
        '--cluster',
        'elsewhere',
      ],
      { env: noKubeconfig },
    );
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /^sluice get: cannot reach the API server https:\/\/127\.0\.0\.1:1/);
    const unknown = await sluice(
      ['get', 'analysisrun', 'budget-now', '-n', NS, '--kubeconfig', kubeconfig, '--user', 'nobody'],
      { env: noKubeconfig },
    );
    assert.deepEqual(
      [unknown.code, unknown.stderr],
      [1, `sluice get: user nobody given with --user is not defined in ${kubeconfig}\n`],
    );
  });

  it('a missing template or run, an existing name and an unresolved argument are one sentence each, exit 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['create', 'analysisrun', '--from', 'nope', '-n', NS],
        /^sluice create: analysistemplate nope not found in namespace cli-ar-e2e \(for a ClusterAnalysisTemplate add --global\)\n$/,
      ],
      [
        ['create', 'analysisrun', '--from', 'success-rate', '-n', NS],
        /^sluice create: the template's argument service has no value: give -a service=VALUE\n$/,
      ],
      [
        ['create', 'analysisrun', '--global', '--from', 'budget', '--name', 'budget-now', '-n', NS],
        /^sluice create: .*already exists/,
      ],
      [
        ['terminate', 'analysisrun', 'nope', '-n', NS],
        /^sluice terminate: analysisrun nope not found in namespace cli-ar-e2e\n$/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await cli(...args);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, expected, args.join(' '));
      assert.ok(isOneSentence(result.stderr), result.stderr);
    }
  });
});
