// The sluice image, built offline (deploy/image/build.sh: the bundled CLI on a Node.js base made
// from the machine's Node.js), run as podman containers: `sluice version`, and the controller
// as a read-only, non-root container against the real API server, taking a Rollout through its
// first deploy, a canary pause and an abort. The build is cached by podman's layers (cold: about
// 20 s; warm: the CLI bundle, about 2 s, and a cached build).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { podmanAvailability, podmanOrThrow } from '../../images/test-images.ts';
import { freePort } from '../../support/ports.ts';
import { controlPlaneAvailability, getJson, type Json } from './support.ts';

const run = promisify(execFile);
const { skip: noControlPlane } = await controlPlaneAvailability();
const skip = podmanAvailability() || noControlPlane;
const root = path.resolve(import.meta.dirname, '../../..');
const TAG = 'localhost/sluice-test/sluice:dev';
const CONTAINER = 'sluice-test-controller';
const NS = 'image-e2e';

function rolloutManifest(image: string): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image }] },
      },
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
    },
  });
}

describe('the sluice image', { skip, timeout: 600_000 }, () => {
  let podman: string;
  let cp: ControlPlane;
  let dir: string;

  before(async () => {
    podman = podmanOrThrow();
    const built = await run('bash', [path.join(root, 'deploy/image/build.sh')], {
      env: { ...process.env, TAG },
      maxBuffer: 16 * 1024 * 1024,
    });
    assert.equal(built.stdout.trim(), TAG);
    dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-image-'));
    chmodSync(dir, 0o755);
  });
  after(async () => {
    if (podman) await run(podman, ['rm', '--force', '--time', '0', CONTAINER]).catch(() => undefined);
    await cp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs `sluice version` as a non-root user on a read-only root filesystem', async () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(podman, ['run', '--rm', '--read-only', TAG, 'version']);
    assert.match(stdout, new RegExp(`^sluice: v${version.replaceAll('.', '\\.')}\\n  Node: v2[2-9]\\.`));
    const { stdout: user } = await run(podman, ['image', 'inspect', '--format', '{{.Config.User}}', TAG]);
    assert.equal(user.trim(), '1000:1000');
  });

  it('runs the controller against the API server: first deploy, canary pause, abort; serves the dashboard', async () => {
    cp = await startControlPlane();
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, readFileSync(cp.kubeconfigPath));
    chmodSync(kubeconfig, 0o644);
    const healthPort = await freePort();
    const metricsPort = await freePort();
    const dashboardPort = await freePort();
    await run(podman, [
      'run',
      '--detach',
      '--replace',
      '--name',
      CONTAINER,
      '--network',
      'host',
      '--read-only',
      '--volume',
      `${kubeconfig}:/kube/config:ro`,
      '--env',
      'KUBECONFIG=/kube/config',
      TAG,
      'controller',
      '--health-port',
      String(healthPort),
      '--metrics-port',
      String(metricsPort),
      '--dashboard-port',
      String(dashboardPort),
    ]);
    const logs = async () => (await run(podman, ['logs', CONTAINER]).catch((e: { stderr?: string }) => e)).stderr ?? '';
    await pollUntil(
      async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => undefined))?.ok === true,
      { what: 'the controller in its container to be ready', timeoutMs: 60_000 },
    ).catch(async (error: Error) => assert.fail(`${error.message}\n${await logs()}`));

    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: rolloutManifest('registry.local/web:1') });
    const status = async (): Promise<Json> =>
      (await getJson(cp.kubectl, ['rollout.argoproj.io', 'web', '-n', NS])).status ?? {};
    await pollUntil(async () => (await status()).phase === 'Healthy', {
      what: 'the first deploy to be Healthy',
      timeoutMs: 90_000,
    });
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: rolloutManifest('registry.local/web:2') });
    await pollUntil(
      async () => {
        const s = await status();
        return s.phase === 'Paused' && s.currentStepIndex === 1;
      },
      { what: 'the canary to pause at step 1', timeoutMs: 90_000 },
    );
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
    await pollUntil(async () => (await status()).phase === 'Degraded', {
      what: 'the aborted rollout to be Degraded',
      timeoutMs: 90_000,
    });
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(metrics, /^rollout_info\{.*name="web".*\} 1$/m);

    const dashboard = `http://127.0.0.1:${dashboardPort}`;
    const page = await fetch(`${dashboard}/`);
    assert.equal(page.status, 200, 'the image holds the built web UI');
    assert.match(await page.text(), /<script[^>]+src="[^"]*app-[^"]+\.js"/);
    const session = (await (await fetch(`${dashboard}/api/v1/session`)).json()) as { login?: string };
    assert.equal(session.login, 'kubernetes-token');
    assert.equal((await fetch(`${dashboard}/api/v1/rollouts`)).status, 401);
  });
});
