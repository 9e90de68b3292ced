// checkObjects, the one validation of objects given already parsed (the local runtime's stored
// objects, API bodies), is the loader's own: the same bad objects give the same lint lines through
// manifest text and through the object entry, only located by the object (`Rollout default/web`)
// instead of file:line. Rows of bad objects, then mutations of every example of this repository.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkObjects,
  describeObject,
  formatIssue,
  loadManifests,
  readManifests,
  type ValidationIssue,
} from '../../../src/api/load-manifests.ts';
import { MAX_NESTING_DEPTH } from '../../../src/api/manifests/limits.ts';
import { seededRandom } from '../../oracles/random.ts';
import { repositoryExamples } from './fuzz/corpus.ts';
import { fuzzCase } from './fuzz/fuzz-cases.ts';
import { implementedRouterChoice, implementedRouterList } from '../../../src/api/traffic-routers.ts';

const rollout = (canary: object, extra: object = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
    strategy: { canary },
    ...extra,
  },
});

const service = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { app: 'web' } },
});

/** Each row: objects given together, and the lines the object entry must give (the text gives the same after file:line). */
const ROWS: Array<{ name: string; objects: unknown[]; expected: string[] }> = [
  {
    name: 'a misspelt field',
    objects: [rollout({ steps: [{ setWieght: 20 }] })],
    expected: [
      'Rollout shop/web: spec.strategy.canary.steps[0].setWieght: unknown field "setWieght"; did you mean "setWeight"?',
    ],
  },
  {
    name: 'a wrong type and a missing required field',
    objects: [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'eighty' }, {}] } },
    ],
    expected: [
      'Service default/s: spec.ports[0].port: must be an integer, got string "eighty"',
      'Service default/s: spec.ports[1].port: required field "port" is missing; add it under spec.ports[1]',
    ],
  },
  {
    name: "Argo's semantic rules, an error and a capability warning",
    objects: [
      rollout({
        canaryService: 'c',
        stableService: 's',
        trafficRouting: { nginx: { stableIngress: 'web' } },
        steps: [{ setWeight: 150 }],
      }),
    ],
    expected: [
      'Rollout shop/web: spec.strategy.canary.steps[0].setWeight: must be between 0 and 100, got 150',
      `Rollout shop/web: spec.strategy.canary.trafficRouting.nginx: warning: sluice does not route traffic with nginx yet (only ${implementedRouterList()}): Argo Rollouts accepts this Rollout, but sluice holds it with an InvalidSpec condition; use ${implementedRouterChoice()} or leave trafficRouting out for a replica-based canary`,
    ],
  },
  {
    name: 'a reference between objects given together',
    objects: [rollout({ canaryService: 'web-canary', stableService: 'web-stable' }), service('web-stable')],
    expected: [
      'Rollout shop/web: spec.strategy.canary.canaryService: no Service named "web-canary" in namespace shop among the given manifests: add it or fix the name',
    ],
  },
  {
    name: 'a reference whose message names the other object (file:line through text)',
    objects: [
      rollout({
        canaryService: 'web-canary',
        stableService: 'web-stable',
        trafficRouting: { istio: { virtualService: { name: 'web-vs', routes: ['primary'] } } },
      }),
      service('web-canary'),
      service('web-stable'),
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: 'web-vs', namespace: 'shop' },
        spec: {
          hosts: ['web'],
          http: [{ name: 'primary', route: [{ destination: { host: 'web-stable' }, weight: 100 }] }],
        },
      },
    ],
    expected: [
      'Rollout shop/web: spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]: HTTP route "primary" of VirtualService "web-vs" (VirtualService shop/web-vs) has a single destination (host "web-stable"); a weighted route needs two destinations, the stable host "web-stable" and the canary host "web-canary": add the missing one with weight 0',
    ],
  },
  {
    name: 'a null field is left out, a null list item is an error',
    objects: [rollout({ steps: [null], maxSurge: null })],
    expected: [
      'Rollout shop/web: spec.strategy.canary.steps[0]: must be an object (a mapping of fields), got null; give it a value or remove it',
    ],
  },
  {
    name: 'a List is expanded, each item named by itself',
    objects: [
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { bogus: 1 } }],
      },
    ],
    expected: ['Service default/a: spec.bogus: unknown field "bogus"; check its spelling and indentation'],
  },
  {
    name: 'kinds: skipped, misspelt, missing',
    objects: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rolout', metadata: { name: 'r' } },
      { apiVersion: 'v1', metadata: { name: 'x' } },
    ],
    expected: [
      'ConfigMap default/c: kind: warning: kind ConfigMap (v1) is not read by sluice; it is skipped',
      'Rolout default/r: kind: unknown kind "Rolout" in argoproj.io/v1alpha1: did you mean Rollout?',
      'object default/x: kind: missing kind: every object needs apiVersion and kind, e.g. kind: Rollout',
    ],
  },
  {
    name: 'a cluster-scoped kind is named without a namespace',
    objects: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ClusterAnalysisTemplate',
        metadata: { name: 'ok' },
        spec: { metrics: [{ name: 'm', provider: {}, extra: true }] },
      },
    ],
    expected: [
      'ClusterAnalysisTemplate ok: spec.metrics[0].extra: unknown field "extra"; check its spelling and indentation',
    ],
  },
  {
    name: 'a field named __proto__ is a field like any other',
    objects: [
      JSON.parse('{"apiVersion":"v1","kind":"Service","metadata":{"name":"p","__proto__":{"name":"q"}},"spec":{}}'),
    ],
    expected: ['Service default/p: metadata.__proto__: unknown field "__proto__"; check its spelling and indentation'],
  },
];

/** `file:12: rest` and `Rollout shop/web: rest` both give `rest`; positions inside messages (other objects' `file:line`) lose their line. */
function withoutPlace(line: string, place: string): string {
  assert.ok(line.startsWith(`${place}: `), `"${line}" starts with "${place}: "`);
  return line.slice(place.length + 2);
}

function textLines(objects: readonly unknown[]): string[] {
  const sources = objects.map((object, index) => ({ file: `o${index}.yaml`, text: JSON.stringify(object, null, 2) }));
  const { issues } = loadManifests(sources);
  return issues
    .map((issue) => withoutPlace(formatIssue(issue), `${issue.file}:${issue.line ?? '?'}`))
    .map((line) => line.replace(/\bo\d+\.yaml:\d+/g, '<place>'));
}

function objectLines(objects: readonly unknown[]): { lines: string[]; issues: ValidationIssue[] } {
  const { issues } = checkObjects(objects.map((value) => ({ value })));
  const names = objects.map(describeObject);
  const lines = issues.map((issue) => {
    assert.equal(issue.line, undefined, 'an object given without its text has no line');
    return names.reduce((line, name) => line.replaceAll(name, '<place>'), withoutPlace(formatIssue(issue), issue.file));
  });
  return { lines, issues };
}

for (const row of ROWS) {
  test(`through text and as objects, the same lines: ${row.name}`, () => {
    const { lines, issues } = objectLines(row.objects);
    assert.ok(issues.length > 0, 'each row is a bad object');
    assert.deepEqual(lines.sort(), textLines(row.objects).sort());
    const formatted = issues.map(formatIssue);
    assert.deepEqual(formatted, row.expected);
  });
}

test('an object nested deeper than the loader reads is refused at its path, and one that contains itself ends', () => {
  let deep: Record<string, unknown> = {};
  const root = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'deep', annotations: deep } };
  for (let level = 0; level < MAX_NESTING_DEPTH + 5; level++) {
    const next = {};
    deep['a'] = next;
    deep = next;
  }
  const { issues } = checkObjects([{ value: root }]);
  assert.equal(issues.length, 1);
  assert.match(
    formatIssue(issues[0]!),
    /^Service default\/deep: metadata\.annotations(\.a)+: mappings and lists nest deeper than 100 levels here; /,
  );
  const looped: Record<string, unknown> = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'loop' } };
  (looped['metadata'] as Record<string, unknown>)['labels'] = looped;
  assert.match(
    formatIssue(checkObjects([{ value: looped }]).issues[0]!),
    /^Service default\/loop: metadata\.labels\.metadata\.labels.*: mappings and lists nest deeper than 100 levels/,
  );
});

test('a field whose value is undefined is a field left out, as JSON leaves it out', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: undefined },
    spec: { selector: { app: 'web' }, type: undefined },
  };
  const { objects, issues } = checkObjects([{ value: service }]);
  assert.deepEqual(issues, []);
  assert.deepEqual(objects[0]?.object, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { selector: { app: 'web' } },
  });
  assert.equal(objects[0]?.lineOf('spec.selector'), undefined);
});

test('mutated examples of this repository: the object entry gives the lines the text gives, without file:line', () => {
  const groups = repositoryExamples();
  const seed = seededRandom(20261207).int(2 ** 31);
  let compared = 0;
  for (let number = 0; number < 300; number++) {
    const item = fuzzCase(groups, seed, number);
    if (!item) continue;
    const read = readManifests(item.sources);
    const readProblems = new Set(read.issues.map(formatIssue));
    const viaText = loadManifests(item.sources).issues.filter((issue) => !readProblems.has(formatIssue(issue)));
    const viaObjects = checkObjects(
      read.documents.map((document) => ({
        value: document.value,
        ...(document.origin === undefined ? {} : { origin: document.origin }),
      })),
    ).issues;
    const strip = (issue: ValidationIssue) =>
      `${issue.file}: ${issue.path}: ${issue.severity}: ${issue.message.replace(/(\.ya?ml):\d+/g, '$1')}`;
    assert.deepEqual(
      viaObjects.map(strip).sort(),
      viaText.map(strip).sort(),
      `case ${number} (${item.file}, ${item.mutation.what.slice(0, 120)})`,
    );
    compared += viaText.length;
  }
  assert.ok(compared > 100, `the mutations gave ${compared} issues to compare`);
});

test('withoutReferences checks each object on its own: no rule between the objects given', () => {
  const elsewhere = { ...service('web-canary'), spec: { selector: { app: 'other' } } };
  const given = [
    { value: rollout({ canaryService: 'web-canary', stableService: 'web-stable' }) },
    { value: elsewhere },
  ];
  assert.ok(
    checkObjects(given).issues.some((issue) => issue.path === 'spec.strategy.canary.canaryService'),
    'with the reference rules, the Service that selects other pods is reported',
  );
  assert.deepEqual(checkObjects(given, { withoutReferences: true }).issues, []);
});
