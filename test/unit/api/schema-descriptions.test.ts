// The argoproj.io fields carry descriptions, so that the project's CRDs (made by toOpenAPI) explain them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RolloutSpec } from '../../../src/api/schema/kinds/rollout.ts';
import { AnalysisTemplate } from '../../../src/api/schema/kinds/analysis.ts';
import {
  describeFields,
  object,
  resolved,
  string,
  type ObjectSchema,
  type Schema,
} from '../../../src/api/schema/vocabulary.ts';
import { toOpenAPI } from '../../../src/api/schema/to-openapi.ts';

/** The object schema at a path of fields (lists are stepped through). */
function at(schema: Schema, ...fields: string[]): ObjectSchema {
  let current = resolved(schema);
  for (const field of fields) {
    if (current.type !== 'object') throw new Error(`not an object before ${field}`);
    const next = current.properties[field];
    if (!next) throw new Error(`no field ${field}`);
    current = resolved(next);
    while (current.type === 'array') current = resolved(current.items);
  }
  if (current.type !== 'object') throw new Error(`${fields.join('.')} is not an object`);
  return current;
}

const templateSpec = at(AnalysisTemplate, 'spec');

const described: Array<[string, ObjectSchema]> = [
  ['Rollout spec', at(RolloutSpec)],
  ['spec.strategy', at(RolloutSpec, 'strategy')],
  ['spec.strategy.canary', at(RolloutSpec, 'strategy', 'canary')],
  ['spec.strategy.canary.steps[]', at(RolloutSpec, 'strategy', 'canary', 'steps')],
  ['spec.strategy.canary.steps[].analysis', at(RolloutSpec, 'strategy', 'canary', 'steps', 'analysis')],
  ['spec.strategy.canary.steps[].experiment', at(RolloutSpec, 'strategy', 'canary', 'steps', 'experiment')],
  ['spec.strategy.canary.analysis', at(RolloutSpec, 'strategy', 'canary', 'analysis')],
  ['spec.strategy.canary.antiAffinity', at(RolloutSpec, 'strategy', 'canary', 'antiAffinity')],
  ['spec.strategy.canary.trafficRouting', at(RolloutSpec, 'strategy', 'canary', 'trafficRouting')],
  ['spec.strategy.canary.trafficRouting.istio', at(RolloutSpec, 'strategy', 'canary', 'trafficRouting', 'istio')],
  [
    'spec.strategy.canary.trafficRouting.istio.virtualService',
    at(RolloutSpec, 'strategy', 'canary', 'trafficRouting', 'istio', 'virtualService'),
  ],
  [
    'spec.strategy.canary.trafficRouting.istio.destinationRule',
    at(RolloutSpec, 'strategy', 'canary', 'trafficRouting', 'istio', 'destinationRule'),
  ],
  ['spec.strategy.blueGreen', at(RolloutSpec, 'strategy', 'blueGreen')],
  ['AnalysisTemplate spec', templateSpec],
  ['AnalysisTemplate spec.metrics[]', at(templateSpec, 'metrics')],
  ['AnalysisTemplate spec.metrics[].provider', at(templateSpec, 'metrics', 'provider')],
  ['AnalysisTemplate spec.args[]', at(templateSpec, 'args')],
  ['AnalysisTemplate spec.dryRun[]', at(templateSpec, 'dryRun')],
  ['AnalysisTemplate spec.measurementRetention[]', at(templateSpec, 'measurementRetention')],
  ['AnalysisTemplate spec.templates[]', at(templateSpec, 'templates')],
];

for (const [name, schema] of described) {
  test(`every field of ${name} has a description`, () => {
    const missing = Object.entries(schema.properties)
      .filter(([, property]) => !(property.description ?? '').trim())
      .map(([field]) => field);
    assert.ok(Object.keys(schema.properties).length > 0);
    assert.deepEqual(missing, []);
  });
}

test('descriptions reach the OpenAPI schema, also on fields that refer to Kubernetes types', () => {
  const openapi = toOpenAPI(RolloutSpec) as {
    properties: Record<string, { description?: string; properties?: unknown }>;
  };
  assert.equal(openapi.properties.replicas?.description, 'The desired number of pods (default 1).');
  assert.match(openapi.properties.selector?.description ?? '', /pod template labels/);
  assert.ok(openapi.properties.template?.properties, 'the referenced PodTemplateSpec is still inlined');
});

test('describeFields refuses a field the object does not have', () => {
  assert.throws(() => describeFields(object({ name: string() }), { nmae: 'typo' }), /no field "nmae"/);
});
