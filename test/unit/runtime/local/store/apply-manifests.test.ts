import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';
import { applyManifests, deleteManifests } from '../../../../../src/runtime/local/store/apply-manifests.ts';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: IMAGE
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      steps:
        - setWeight: 20
`;

const SERVICES = ['web-canary', 'web-stable']
  .map(
    (name) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n`,
  )
  .join('---\n');

describe('applyManifests', () => {
  it('creates, then reports unchanged and configured objects', () => {
    const store = new ObjectStore();
    const first = applyManifests(store, [
      { file: 'r.yaml', text: ROLLOUT.replace('IMAGE', 'a') },
      { file: 's.yaml', text: SERVICES },
    ]);
    assert.deepEqual(first.ok && first.results, [
      'Rollout default/web created',
      'Service default/web-canary created',
      'Service default/web-stable created',
    ]);
    const second = applyManifests(store, [{ file: 'r.yaml', text: ROLLOUT.replace('IMAGE', 'b') }]);
    assert.deepEqual(second.ok && second.results, ['Rollout default/web configured']);
    assert.equal(store.get('Rollout', 'default', 'web')?.metadata.generation, 2);
    const third = applyManifests(store, [{ file: 'r.yaml', text: ROLLOUT.replace('IMAGE', 'b') }]);
    assert.deepEqual(third.ok && third.results, ['Rollout default/web unchanged']);
  });

  it('checks new documents against the stored ones: a Service the rollout needs can come later', () => {
    const store = new ObjectStore();
    assert.equal(applyManifests(store, [{ file: 's.yaml', text: SERVICES }]).ok, true);
    const outcome = applyManifests(store, [
      {
        file: 'r.yaml',
        text: ROLLOUT.replace('IMAGE', 'a').replace('stableService: web-stable', 'stableService: web-missing'),
      },
    ]);
    assert.equal(outcome.ok, false);
    assert.ok(
      !outcome.ok && outcome.issues.some((line) => line.startsWith('r.yaml:') && line.includes('web-missing')),
      JSON.stringify(outcome),
    );
  });

  it('checks the stored objects as objects (no text written back): a problem a new document makes in one is named by the object, without a line', () => {
    const store = new ObjectStore();
    assert.equal(
      applyManifests(store, [
        { file: 'r.yaml', text: ROLLOUT.replace('IMAGE', 'a') },
        { file: 's.yaml', text: SERVICES },
      ]).ok,
      true,
    );
    // A Rollout in a new file naming a missing Service is refused at its line.
    const bad = applyManifests(store, [
      {
        file: 'r2.yaml',
        text: ROLLOUT.replace('IMAGE', 'a')
          .replace('name: web', 'name: web2')
          .replace('canaryService: web-canary', 'canaryService: web-gone'),
      },
    ]);
    assert.ok(
      !bad.ok &&
        bad.issues.length === 1 &&
        /^r2\.yaml:\d+: spec\.strategy\.canary\.canaryService: no Service named "web-gone"/.test(bad.issues[0] ?? ''),
      JSON.stringify(bad),
    );
    // A stored Rollout broken by a document: its Services' selectors no longer select its pods.
    const selectors = SERVICES.replaceAll('selector: {app: web}', 'selector: {app: other}');
    const broken = applyManifests(store, [{ file: 's.yaml', text: selectors }]);
    assert.ok(!broken.ok, JSON.stringify(broken));
    assert.ok(
      !broken.ok &&
        broken.issues.some((line) => line.startsWith('(running) Rollout default/web: spec.strategy.canary.')),
      JSON.stringify(broken),
    );
  });

  it('refuses invalid documents with lint lines and changes nothing', () => {
    const store = new ObjectStore();
    applyManifests(store, [
      { file: 'r.yaml', text: ROLLOUT.replace('IMAGE', 'a') },
      { file: 's.yaml', text: SERVICES },
    ]);
    const before = JSON.stringify(store.all());
    const outcome = applyManifests(store, [
      { file: 'bad.yaml', text: ROLLOUT.replace('IMAGE', 'b').replace('setWeight: 20', 'setWieght: 20') },
    ]);
    assert.deepEqual(!outcome.ok && outcome.issues, [
      'bad.yaml:20: spec.strategy.canary.steps[0].setWieght: unknown field "setWieght"; did you mean "setWeight"?',
    ]);
    assert.equal(JSON.stringify(store.all()), before);
  });

  it('refuses an object other than an AnalysisRun with no name (generateName only), storing nothing of the request', () => {
    const store = new ObjectStore();
    const unnamed = `apiVersion: v1\nkind: Service\nmetadata:\n  generateName: web-\nspec:\n  ports: [{port: 80}]\n`;
    const outcome = applyManifests(store, [
      { file: 's.yaml', text: SERVICES },
      { file: 'unnamed.yaml', text: unnamed },
    ]);
    assert.deepEqual(outcome, {
      ok: false,
      issues: [
        'unnamed.yaml:3: metadata.name: a Service with generateName web- and no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
      ],
    });
    assert.deepEqual(store.all(), []);
  });

  it('refuses an AnalysisRun with generateName only, as kubectl apply does: apply completes no name', () => {
    const store = new ObjectStore();
    const run = `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata: {generateName: run-}\nspec:\n  metrics:\n    - name: m\n      provider: {web: {url: "http://x/"}}\n`;
    const outcome = applyManifests(store, [{ file: 'run.yaml', text: run }]);
    assert.equal(outcome.ok, false);
    assert.match(
      !outcome.ok ? outcome.issues.join('\n') : '',
      /^run\.yaml:3: metadata\.name: an AnalysisRun with generateName run- and no name: .*sluice create -f/,
    );
    assert.deepEqual(store.all(), []);
  });

  it('keeps the pod-template-hash a rollout put in a Service selector when the Service is applied again', () => {
    const store = new ObjectStore();
    applyManifests(store, [{ file: 's.yaml', text: SERVICES }]);
    store.update('Service', 'default', 'web-stable', (service) => {
      service.spec.selector = { ...service.spec.selector, 'rollouts-pod-template-hash': 'abc' };
    });
    applyManifests(store, [{ file: 's.yaml', text: SERVICES }]);
    assert.deepEqual(store.get('Service', 'default', 'web-stable')?.spec.selector, {
      app: 'web',
      'rollouts-pod-template-hash': 'abc',
    });
  });

  it('deletes the objects named, and says which were not there', () => {
    const store = new ObjectStore();
    applyManifests(store, [{ file: 's.yaml', text: SERVICES }]);
    const outcome = deleteManifests(store, [
      { file: 's.yaml', text: SERVICES },
      { file: 'r.yaml', text: ROLLOUT.replace('IMAGE', 'a') },
    ]);
    assert.deepEqual(outcome.ok && outcome.results, [
      'Service default/web-canary deleted',
      'Service default/web-stable deleted',
      'Rollout default/web not found',
    ]);
    assert.deepEqual(store.all(), []);
  });
});
