// What Argo Rollouts' CRDs make the API server do that the project's CRDs do not (yet): default
// values and validation rules. The schema vocabulary has no `default` and no rules, so these are
// listed here; when the model gains them, this test shows which entries to remove.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRD_DEFINITIONS, crdSchema } from '../../../scripts/generate-crds.ts';
import { readCrds } from '../api/upstream-crd-samples.ts';

type Json = { [key: string]: any };

/** Upstream defaults, by the end of their path: Kubernetes' own defaults and the Datadog provider's. */
const KNOWN_DEFAULT_GAPS = [
  'ports[].protocol = "TCP"',
  'env[].valueFrom.configMapKeyRef.name = ""',
  'env[].valueFrom.secretKeyRef.name = ""',
  'env[].valueFrom.fileKeyRef.optional = false',
  'envFrom[].configMapRef.name = ""',
  'envFrom[].secretRef.name = ""',
  'grpc.service = ""',
  'imagePullSecrets[].name = ""',
  'datadog.apiVersion = "v1"',
  'datadog.interval = "5m"',
  'datadog.requestTimeout = "10s"',
];

/** Upstream CEL rules, as `kind path: rule`. */
const KNOWN_RULE_GAPS = ['Rollout .spec.selector: self == oldSelf'];

function collect(node: Json, at: string, visit: (node: Json, at: string) => void): void {
  visit(node, at);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Json)) collect(child, `${at}.${name}`, visit);
  if (node.items) collect(node.items, `${at}[]`, visit);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') collect(node.additionalProperties, `${at}{}`, visit);
}

const upstream = readCrds('argo-rollouts');

test('every default of the upstream CRDs is a known gap, and ours declare none', () => {
  const unexplained: string[] = [];
  for (const crd of upstream) {
    collect(crd.schema, '', (node, at) => {
      if (!('default' in node)) return;
      const entry = `${at} = ${JSON.stringify(node.default)}`;
      if (!KNOWN_DEFAULT_GAPS.some((gap) => entry.endsWith(gap))) unexplained.push(`${crd.kind} ${entry}`);
    });
  }
  assert.deepEqual(unexplained, []);
  for (const definition of CRD_DEFINITIONS) {
    const ours: string[] = [];
    collect(crdSchema(definition), '', (node, at) => {
      if ('default' in node) ours.push(at);
    });
    assert.deepEqual(ours, [], `${definition.kind} now has defaults: update KNOWN_DEFAULT_GAPS and docs/install.md`);
  }
});

test('every validation rule of the upstream CRDs is a known gap, and ours declare none', () => {
  const rules: string[] = [];
  for (const crd of upstream) {
    collect(crd.schema, '', (node, at) => {
      for (const rule of (node['x-kubernetes-validations'] ?? []) as Json[]) rules.push(`${crd.kind} ${at}: ${rule.rule}`);
    });
  }
  assert.deepEqual(rules, KNOWN_RULE_GAPS);
  for (const definition of CRD_DEFINITIONS) {
    collect(crdSchema(definition), '', (node, at) => {
      assert.equal(node['x-kubernetes-validations'], undefined, `${definition.kind} ${at} now has rules: update KNOWN_RULE_GAPS`);
    });
  }
});
