// `sluice lint --runtime`: which runtime routes each traffic router. Every router sluice routes has
// a note for the cluster and, for the local runtime, a note or the error `sluice run` refuses it
// with; notes change no exit status, and lint without --runtime prints none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { makeParsedObject } from '../../../src/api/manifests/parsed-object.ts';
import { runtimeRouting } from '../../../src/api/runtime-routing.ts';
import { IMPLEMENTED_ROUTERS } from '../../../src/api/traffic-routers.ts';
import type { Rollout } from '../../../src/api/types/rollout.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

function rolloutRoutedBy(name: string): Rollout {
  const trafficRouting = name.includes('/') ? { plugins: { [name]: { x: 'y' } } } : { [name]: { x: 'y' } };
  // Only the fields the routing notes read: the rest of a Rollout is not looked at.
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'default' },
    spec: { strategy: { canary: { trafficRouting } } },
  } as unknown as Rollout;
}

test('every router has a note for the cluster, and a note or an error for the local runtime', () => {
  const local = new Set(['istio', 'nginx', 'alb', 'argoproj-labs/gatewayAPI']);
  for (const name of IMPLEMENTED_ROUTERS) {
    const objects = [makeParsedObject('r.yaml', 0, rolloutRoutedBy(name), undefined)];
    const cluster = runtimeRouting(objects, 'cluster');
    assert.equal(cluster.issues.length, 0, name);
    assert.equal(cluster.notes.length, 1, name);
    assert.match(cluster.notes[0]!.message, /routed on a cluster by sluice controller.*served by \S/, name);
    const here = runtimeRouting(objects, 'local');
    if (local.has(name)) {
      assert.deepEqual(here.issues, [], name);
      assert.match(here.notes[0]?.message ?? '', new RegExp(`^${name} is routed locally by sluice run: `), name);
    } else {
      assert.deepEqual(here.notes, [], name);
      assert.equal(here.issues.length, 1, name);
      assert.equal(here.issues[0]!.severity, 'error', name);
      assert.match(here.issues[0]!.message, /the local runtime cannot route/, name);
    }
  }
});

function sluice(...args: string[]) {
  const result = spawnSync(path.join(repoRoot, 'bin', 'sluice'), args, { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const manifest = (routing: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.25
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
${routing}
      steps:
      - setWeight: 10
      - pause: {}
---
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web-stable, port: {number: 80}}}
`;

test('lint --runtime prints a note line per router at its field; notes are no warnings and change no exit status', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-runtime-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'nginx.yaml');
  writeFileSync(file, manifest('        nginx:\n          stableIngress: web'));

  const plain = sluice('lint', '-f', file);
  assert.equal(plain.stdout, 'ok: 4 objects in 1 files\n');
  assert.equal(plain.code, 0);

  const local = sluice('lint', '--runtime', 'local', '-f', file);
  assert.equal(
    local.stdout,
    `${file}:21: spec.strategy.canary.trafficRouting.nginx: note: nginx is routed locally by sluice run: its gateway serves the Ingresses with the canary annotations\nok: 4 objects in 1 files\n`,
  );
  assert.equal(local.code, 0);

  const cluster = sluice('lint', '--runtime', 'cluster', '-f', file);
  assert.match(
    cluster.stdout,
    /nginx\.yaml:21: spec\.strategy\.canary\.trafficRouting\.nginx: note: nginx is routed on a cluster by sluice controller, .*NGINX Ingress controller/,
  );
  assert.match(cluster.stdout, /^ok: 4 objects in 1 files\n$/m);
  assert.equal(cluster.code, 0);
});

test('lint --runtime local reports a router sluice run cannot route as the error sluice run gives, and exits 1', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-runtime-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'smi.yaml');
  writeFileSync(file, manifest('        smi:\n          trafficSplitName: web'));
  assert.equal(sluice('lint', '-f', file).code, 0);
  const cluster = sluice('lint', '--runtime', 'cluster', '-f', file);
  assert.equal(cluster.code, 0);
  assert.match(cluster.stdout, /trafficRouting\.smi: note: smi is routed on a cluster by sluice controller/);
  const local = sluice('lint', '--runtime', 'local', '-f', file);
  assert.equal(local.code, 1);
  assert.match(
    local.stdout,
    /smi\.yaml:21: spec\.strategy\.canary\.trafficRouting\.smi: the local runtime cannot route smi: /,
  );
  assert.doesNotMatch(local.stdout, /note:/);
  assert.doesNotMatch(local.stdout, /^ok:/m);
});

test('lint refuses an unknown --runtime with the choices', () => {
  const result = sluice('lint', '--runtime', 'cloud', '-f', 'examples/canary-basic');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /--runtime must be one of local, cluster, not "cloud"/);
});
