// The CLI against a real API server (test/controlplane, upstream Argo CRDs): the verbs patch the
// fields Argo's plugin patches (status ones through the status subresource), get/list read what
// is there, and RBAC, a missing rollout and a missing context are one sentence each. The
// Rollout and its ReplicaSets are made by hand: the contract under test is the fields written.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlJson, kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { findBinDir } from '../../controlplane/paths.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { isOneSentence, neutralEnv, ROOT, sluice } from '../../integration/cli/cli-process.ts';

const binaries = await findBinDir();
const skip = !binaries.found && process.env['CI'] !== 'true' ? binaries.reason : false;
const NS = 'cli-e2e';

interface RolloutJson {
  metadata: { uid: string; generation: number };
  spec: {
    paused?: boolean;
    restartAt?: string;
    template: { spec: { containers: Array<{ name: string; image: string }> } };
  };
  status?: { abort?: boolean; promoteFull?: boolean; pauseConditions?: unknown[]; currentStepIndex?: number };
}

const rolloutYaml = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "registry.example/web:1"}, {name: side, image: "registry.example/side:1"}]}
  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}, {setWeight: 50}]}}
`;

function replicaSetJson(uid: string, hash: string, revision: number, image: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      namespace: NS,
      labels: { app: 'web', 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'web',
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web', 'rollouts-pod-template-hash': hash } },
      template: {
        metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': hash } },
        spec: {
          containers: [
            { name: 'web', image },
            { name: 'side', image: 'registry.example/side:1' },
          ],
        },
      },
    },
  });
}

describe('the CLI against a real API server', { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let home = '';
  const cli = (...args: string[]) => sluice(args, { env: neutralEnv({ KUBECONFIG: cp.kubeconfigPath, HOME: home }) });
  const rollout = () => kubectlJson<RolloutJson>(cp.kubectl, ['get', 'rollout', 'web', '-n', NS, '-o', 'json']);
  const patchStatus = (patch: object) =>
    kubectlOrThrow(cp.kubectl, [
      'patch',
      'rollout',
      'web',
      '-n',
      NS,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(patch),
    ]);

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    home = temporaryDir('cli-e2e-home');
    cp = await startControlPlane({ binDir: binaries.binDir });
    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: rolloutYaml });
    const { metadata } = await rollout();
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], {
      input: replicaSetJson(metadata.uid, 'aaa111', 1, 'registry.example/web:0'),
    });
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], {
      input: replicaSetJson(metadata.uid, 'bbb222', 2, 'registry.example/web:1'),
    });
    await patchStatus({
      status: {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        currentPodHash: 'bbb222',
        stableRS: 'aaa111',
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2025-01-01T00:00:00Z' }],
        observedGeneration: '1',
      },
    });
  });

  after(async () => {
    await cp?.stop();
  });

  it('get rollout and list rollouts read the cluster of the current context', async () => {
    const get = await cli('get', 'rollout', 'web', '-n', NS, '-v');
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^Name: +web\nNamespace: +cli-e2e\nStatus: +॥ Paused\nMessage: +CanaryPauseStep\n/);
    assert.match(get.stdout, /⧉ web-bbb222 +ReplicaSet/);
    assert.match(get.stderr, /^target: cluster of context \S+ in /);
    const list = await cli('list', 'rollouts', '-A');
    assert.match(list.stdout, /\ncli-e2e +web +Canary +Paused +1\/3 +20 /);
    const json = JSON.parse((await cli('get', 'rollout', 'web', '-n', NS, '-o', 'json')).stdout) as { kind: string };
    assert.equal(json.kind, 'Rollout');
  });

  it('promote clears the pause conditions through the status subresource', async () => {
    const result = await cli('promote', 'web', '-n', NS);
    assert.deepEqual([result.code, result.stdout], [0, "rollout 'web' promoted\n"], result.stderr);
    assert.equal((await rollout()).status?.pauseConditions, undefined);
  });

  it('promote without pause conditions moves the canary to the next step', async () => {
    await cli('promote', 'web', '-n', NS);
    assert.equal((await rollout()).status?.currentStepIndex, 2);
  });

  it('promote --full sets status.promoteFull', async () => {
    const result = await cli('promote', 'web', '--full', '-n', NS);
    assert.deepEqual([result.code, result.stdout], [0, "rollout 'web' fully promoted\n"]);
    assert.equal((await rollout()).status?.promoteFull, true);
  });

  it('pause and resume write spec.paused; abort and retry write status.abort', async () => {
    assert.equal((await cli('pause', 'web', '-n', NS)).stdout, "rollout 'web' paused\n");
    assert.equal((await rollout()).spec.paused, true);
    assert.equal((await cli('resume', 'web', '-n', NS)).stdout, "rollout 'web' resumed\n");
    assert.equal((await rollout()).spec.paused, false);
    assert.equal((await cli('abort', 'web', '-n', NS)).stdout, "rollout 'web' aborted\n");
    assert.equal((await rollout()).status?.abort, true);
    assert.equal((await cli('retry', 'rollout', 'web', '-n', NS)).stdout, "rollout 'web' retried\n");
    assert.equal((await rollout()).status?.abort, false);
  });

  it('restart writes spec.restartAt; set image updates the template', async () => {
    const before = Date.now() - 2000;
    assert.equal((await cli('restart', 'web', '-n', NS)).stdout, "rollout 'web' restarts in 0s\n");
    assert.ok(Date.parse((await rollout()).spec.restartAt ?? '') >= before);
    const set = await cli('set', 'image', 'web', 'side=registry.example/side:2', '-n', NS);
    assert.deepEqual([set.code, set.stdout], [0, 'rollout "web" image updated\n'], set.stderr);
    assert.deepEqual(
      (await rollout()).spec.template.spec.containers.map((c) => c.image),
      ['registry.example/web:1', 'registry.example/side:2'],
    );
  });

  it('restart --in writes spec.restartAt that long from now; get -w --timeout-seconds ends by itself; list --name --timestamps', async () => {
    const before = Date.now();
    const restart = await cli('restart', 'web', '--in', '10m', '-n', NS);
    assert.deepEqual([restart.code, restart.stdout], [0, "rollout 'web' restarts in 10m\n"], restart.stderr);
    const restartAt = Date.parse((await rollout()).spec.restartAt ?? '');
    assert.ok(
      restartAt >= before + 600_000 - 1000 && restartAt <= Date.now() + 600_000,
      `restartAt ${restartAt - before} ms from now`,
    );
    const watched = await cli('get', 'rollout', 'web', '-w', '--timeout-seconds', '1', '-n', NS);
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stdout, /web-bbb222/);
    const list = await cli('list', 'rollouts', '--name', 'web', '--timestamps', '-n', NS);
    assert.match(list.stdout, /^TIMESTAMP +NAME[^\n]*\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +web +Canary/);
  });

  it('undo writes the template of the earlier revision, and skips when it is already there', async () => {
    const undo = await cli('undo', 'web', '--to-revision', '1', '-n', NS);
    assert.deepEqual([undo.code, undo.stdout], [0, "rollout 'web' undo\n"], undo.stderr);
    assert.deepEqual(
      (await rollout()).spec.template.spec.containers.map((c) => c.image),
      ['registry.example/web:0', 'registry.example/side:1'],
    );
    const again = await cli('undo', 'web', '--to-revision', '1', '-n', NS);
    assert.equal(again.stdout, 'skipped rollback (current template already matches revision 1)\n');
  });

  it('a missing rollout, RBAC and a missing context are one sentence each, exit 1', async () => {
    const missing = await cli('promote', 'nope', '-n', NS);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `sluice promote: rollout nope not found in namespace ${NS}\n`);

    await kubectlOrThrow(cp.kubectl, ['create', 'serviceaccount', 'viewer', '-n', NS]);
    await kubectlOrThrow(cp.kubectl, [
      'create',
      'role',
      'rollout-reader',
      '-n',
      NS,
      '--verb=get,list,watch',
      '--resource=rollouts.argoproj.io',
    ]);
    await kubectlOrThrow(cp.kubectl, [
      'create',
      'rolebinding',
      'viewer-reads',
      '-n',
      NS,
      '--role=rollout-reader',
      `--serviceaccount=${NS}:viewer`,
    ]);
    const token = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'viewer', '-n', NS])).trim();
    const kubeconfig = path.join(home, 'viewer.kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify(cp.kubeconfigForToken(token, 'viewer')));
    const forbidden = await sluice(['abort', 'web', '-n', NS, '--kubeconfig', kubeconfig], {
      env: neutralEnv({ HOME: home }),
    });
    assert.equal(forbidden.code, 1);
    assert.match(
      forbidden.stderr,
      new RegExp(
        `^sluice abort: forbidden by RBAC: rollouts.argoproj.io "web" is forbidden: User "system:serviceaccount:${NS}:viewer" cannot patch resource "rollouts/status"`,
      ),
    );
    assert.ok(isOneSentence(forbidden.stderr), forbidden.stderr);

    const noContext = await sluice(['get', 'rollout', 'web'], { env: neutralEnv({ HOME: home }), cwd: home });
    assert.deepEqual(
      [noContext.code, noContext.stderr],
      [1, 'sluice get: no kube context: set KUBECONFIG, pass --kubeconfig, or use --local\n'],
    );
  });

  it('kubectl finds bin/kubectl-sluice as a plugin and runs it', async () => {
    const env = { ...process.env, PATH: `${path.join(ROOT, 'bin')}:${process.env['PATH'] ?? ''}` };
    const kubectl = path.join(cp.binDir, 'kubectl');
    const plugins = await run(kubectl, ['plugin', 'list'], env);
    assert.match(plugins, /bin\/kubectl-sluice\n/);
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(await run(kubectl, ['sluice', 'version', '--short'], env), `sluice: v${version.version}\n`);
    const get = await run(
      kubectl,
      ['sluice', 'get', 'rollout', 'web', '-n', NS, '--kubeconfig', cp.kubeconfigPath, '--no-color'],
      env,
    );
    assert.match(get, /^Name: +web\n/);
  });
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}
