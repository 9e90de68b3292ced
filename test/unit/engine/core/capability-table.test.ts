// The capability table (src/api/capabilities.ts) is the one source of "not in sluice yet": for every
// row, a manifest that uses the feature gets the same answer from `sluice lint` (a warning with the
// row's sentence, or nothing), the engine's spec check (the whole Rollout held, or not) and the
// canary step handling (the rollout held at the step, or carried past it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPABILITIES, capabilitySentence, unknownPlugin, type Capability } from '../../../../src/api/capabilities.ts';
import { formatIssue, loadManifests } from '../../../../src/api/load-manifests.ts';
import { formatPath, type PathSegment } from '../../../../src/api/manifests/field-path.ts';
import { Rollout as RolloutSchema } from '../../../../src/api/schema/kinds/rollout.ts';
import { resolved, type Schema } from '../../../../src/api/schema/vocabulary.ts';
import type { CanaryStep, CanaryStrategy, Rollout } from '../../../../src/api/types/rollout.ts';
import { specProblems } from '../../../../src/engine/core/spec-check.ts';
import { SimulatedCluster } from '../harness/index.ts';

const ISTIO: Partial<CanaryStrategy> = {
  stableService: 'app-stable',
  canaryService: 'app-canary',
  trafficRouting: { istio: { virtualService: { name: 'app-vs', routes: ['primary'] } } },
};
const SERVICES: Partial<CanaryStrategy> = { stableService: 'app-stable', canaryService: 'app-canary' };

/** The step index every step example is put at, between two setWeight steps. */
const AT = 1;
const stepsAround = (step: CanaryStep): CanaryStep[] => [{ setWeight: 20 }, step, { setWeight: 60 }];

/** One canary strategy per row that uses the row's feature, valid for Argo Rollouts. */
const EXAMPLES: Record<string, Partial<CanaryStrategy>> = {
  'trafficRouting.istio': ISTIO,
  'trafficRouting.managedRoutes': {
    ...ISTIO,
    trafficRouting: { ...ISTIO.trafficRouting, managedRoutes: [{ name: 'header' }] },
  },
  // Argo allows maxTrafficWeight only with nginx or a router plugin, which sluice lacks: the test looks at its own path only.
  'trafficRouting.maxTrafficWeight': {
    ...SERVICES,
    trafficRouting: { nginx: { stableIngress: 'app' }, maxTrafficWeight: 1000 },
  },
  'trafficRouting.nginx': { ...SERVICES, trafficRouting: { nginx: { stableIngress: 'app' } } },
  'trafficRouting.alb': { ...SERVICES, trafficRouting: { alb: { ingress: 'app', servicePort: 80 } } },
  'trafficRouting.smi': { ...SERVICES, trafficRouting: { smi: {} } },
  'trafficRouting.ambassador': { ...SERVICES, trafficRouting: { ambassador: { mappings: ['app'] } } },
  'trafficRouting.appMesh': { ...SERVICES, trafficRouting: { appMesh: {} } },
  'trafficRouting.traefik': { ...SERVICES, trafficRouting: { traefik: { weightedTraefikServiceName: 'app' } } },
  'trafficRouting.apisix': { ...SERVICES, trafficRouting: { apisix: { route: { name: 'app' } } } },
  // The field alone: each plugin it names is a row of its own.
  'trafficRouting.plugins': { ...SERVICES, trafficRouting: { plugins: {} } },
  'plugin.argoproj-labs/gatewayAPI': {
    ...SERVICES,
    trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'app' } } },
  },
  'plugin.argoproj-labs/openshift': {
    ...SERVICES,
    trafficRouting: { plugins: { 'argoproj-labs/openshift': { routes: ['app'] } } },
  },
  'canary.pingPong': {
    pingPong: { pingService: 'app-ping', pongService: 'app-pong' },
    trafficRouting: ISTIO.trafficRouting,
  },
  'step.setWeight': { steps: stepsAround({ setWeight: 40 }) },
  'step.pause': { steps: stepsAround({ pause: {} }) },
  'step.analysis': { steps: stepsAround({ analysis: { templates: [{ templateName: 'ok' }] } }) },
  'step.setCanaryScale': { ...ISTIO, steps: stepsAround({ setCanaryScale: { replicas: 1 } }) },
  'step.setHeaderRoute': {
    ...ISTIO,
    trafficRouting: { ...ISTIO.trafficRouting, managedRoutes: [{ name: 'header' }] },
    steps: stepsAround({
      setHeaderRoute: { name: 'header', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] },
    }),
  },
  'step.setMirrorRoute': {
    ...ISTIO,
    trafficRouting: { ...ISTIO.trafficRouting, managedRoutes: [{ name: 'mirror' }] },
    steps: stepsAround({ setMirrorRoute: { name: 'mirror', percentage: 50 } }),
  },
  'step.experiment': { steps: stepsAround({ experiment: { templates: [{ name: 'try', specRef: 'canary' }] } }) },
  'step.plugin': { steps: stepsAround({ plugin: { name: 'argoproj-labs/sample-step' } }) },
};

const keyOf = (row: Capability) => `${row.place}.${row.field}`;

function pathOf(row: Capability): PathSegment[] {
  const canary = ['spec', 'strategy', 'canary'];
  if (row.place === 'trafficRouting') return [...canary, 'trafficRouting', row.field];
  if (row.place === 'plugin') return [...canary, 'trafficRouting', 'plugins', row.field];
  if (row.place === 'step') return [...canary, 'steps', AT, row.field];
  return [...canary, row.field];
}

function manifest(canary: Partial<CanaryStrategy>): string {
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      strategy: { canary },
    },
  };
  return JSON.stringify(rollout, null, 2);
}

/** What lint says about the row's field (its own path and below), and the Rollout it read. */
function lint(canary: Partial<CanaryStrategy>, path: string): { rollout: Rollout; atPath: string[]; errors: string[] } {
  const { objects, issues } = loadManifests([{ file: 'r.yaml', text: manifest(canary) }]);
  const rollout = objects[0]?.object as Rollout | undefined;
  assert.ok(rollout, issues.map(formatIssue).join('\n'));
  const atPath = issues
    .filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`))
    .map((issue) => `${issue.severity}: ${issue.message}`);
  return { rollout, atPath, errors: issues.filter((issue) => issue.severity === 'error').map(formatIssue) };
}

/** The rollout after its first revision is stable and a second is started, settled. */
function updated(rollout: Rollout): SimulatedCluster {
  const cluster = new SimulatedCluster(
    { ...rollout, metadata: { ...rollout.metadata, generation: 1 } },
    { readyDelayMs: 0 },
  );
  cluster.settle();
  if (cluster.replicaSets.size === 0) return cluster; // held before anything was created
  cluster.setImage('app:2');
  cluster.advance(60_000);
  return cluster;
}

const invalidSpec = (cluster: SimulatedCluster) =>
  cluster.status.conditions?.find((condition) => condition.type === 'InvalidSpec');

for (const row of CAPABILITIES) {
  const path = formatPath(pathOf(row));
  test(`${path}: ${row.supported ? 'carried out' : `held (${row.hold})`}, and lint, the spec check and the step handling agree`, () => {
    const example = EXAMPLES[keyOf(row)];
    assert.ok(example, `the capability row ${keyOf(row)} needs an example manifest in this test`);
    const { rollout, atPath, errors } = lint(example, path);
    assert.deepEqual(errors, [], 'the example must be a valid Rollout');
    const problems = specProblems(rollout).filter((problem) => problem.startsWith(`${path}:`));
    const cluster = updated(rollout);
    const condition = invalidSpec(cluster);

    if (row.supported) {
      assert.deepEqual(atPath, [], 'lint says nothing of a feature sluice carries out');
      assert.deepEqual(problems, [], 'the spec check does not refuse it');
      assert.ok(
        !condition?.message?.includes(path),
        `the engine does not hold the rollout for it: ${condition?.message}`,
      );
      if (row.place === 'step') assert.ok((cluster.status.currentStepIndex ?? 0) >= AT, 'the rollout reaches the step');
      return;
    }
    const sentence = capabilitySentence(row);
    assert.deepEqual(atPath, [`warning: ${sentence}`], 'lint warns with the row sentence');
    if (row.hold === 'rollout') {
      assert.deepEqual(
        problems,
        [`${path}: ${sentence}`],
        'the spec check holds the whole Rollout with the same sentence',
      );
      assert.equal(cluster.replicaSets.size, 0, 'nothing is created');
      assert.equal(cluster.status.phase, 'Degraded');
      assert.ok(condition?.message, 'an InvalidSpec condition');
      assert.ok(condition.message.includes(`${path}: ${sentence}`), condition.message);
      return;
    }
    assert.deepEqual(problems, [], 'a step feature does not hold the Rollout before its step');
    assert.equal(cluster.status.currentStepIndex, AT, 'the rollout waits at the step');
    assert.equal(condition?.reason, 'NotImplemented');
    assert.equal(condition.message, `${path}: ${sentence}`);
    assert.equal(cluster.status.phase, 'Degraded');
  });
}

for (const row of CAPABILITIES.filter((capability) => capability.place === 'step' && !capability.supported)) {
  test(`a step that combines ${row.field} with setCanaryScale still waits there (the table says the rollout waits at the step)`, () => {
    const step = { ...EXAMPLES[keyOf(row)]?.steps?.[AT], setCanaryScale: { replicas: 1 } } as CanaryStep;
    const { rollout, atPath } = lint({ ...ISTIO, steps: stepsAround(step) }, formatPath(pathOf(row)));
    assert.equal(atPath.length, 1);
    const cluster = updated(rollout);
    assert.equal(cluster.status.currentStepIndex, AT);
    assert.equal(invalidSpec(cluster)?.reason, 'NotImplemented');
  });
}

test('a plugin sluice does not know is held, and the message names the routers it has', () => {
  const path = 'spec.strategy.canary.trafficRouting.plugins[example.com/mine]';
  const { rollout, atPath } = lint(
    { ...SERVICES, trafficRouting: { plugins: { 'example.com/mine': { route: 'app' } } } },
    path,
  );
  const sentence = capabilitySentence(unknownPlugin('example.com/mine'));
  assert.match(sentence, /no traffic router plugin named example\.com\/mine \(its routers are built in: istio/);
  assert.deepEqual(atPath, [`warning: ${sentence}`]);
  assert.deepEqual(specProblems(rollout), [`${path}: ${sentence}`]);
});

function propertiesOf(schema: Schema, ...path: string[]): string[] {
  let current = resolved(schema);
  for (const field of path) {
    if (current.type === 'array') current = resolved(current.items);
    assert.equal(current.type, 'object', `${field} of an object`);
    const next = current.properties[field];
    assert.ok(next, `the schema has ${field}`);
    current = resolved(next);
  }
  if (current.type === 'array') current = resolved(current.items);
  assert.equal(current.type, 'object');
  return Object.keys(current.properties);
}

test('every router of trafficRouting and every step action of the schema has a row (a new one cannot be left out)', () => {
  const canary = ['spec', 'strategy', 'canary'];
  const rows = (place: Capability['place']) =>
    CAPABILITIES.filter((row) => row.place === place)
      .map((row) => row.field)
      .sort();
  assert.deepEqual(rows('trafficRouting'), propertiesOf(RolloutSchema, ...canary, 'trafficRouting').sort());
  assert.deepEqual(rows('step'), propertiesOf(RolloutSchema, ...canary, 'steps').sort());
  assert.deepEqual(Object.keys(EXAMPLES).sort(), CAPABILITIES.map(keyOf).sort(), 'one example per row');
});
