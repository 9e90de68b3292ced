// The local runtime names only AnalysisRuns: every other object needs metadata.name, each refusal
// naming the file, the line and the object's kind (and its generateName), and saying how to fix it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue, readManifests } from '../../../src/api/load-manifests.ts';
import { unnamedObjectIssues } from '../../../src/api/local-names.ts';

const lines = (text: string) =>
  unnamedObjectIssues(readManifests([{ file: 'm.yaml', text }]).documents).map(formatIssue);

describe('objects without a name on the local runtime', () => {
  it('refuses a Service with generateName only and a ConfigMap with no name at all, at their lines', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  generateName: web-
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: shop}
data: {a: b}
`;
    assert.deepEqual(lines(text), [
      'm.yaml:3: metadata.name: a Service with generateName web- and no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
      'm.yaml:9: metadata.name: a ConfigMap with no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
    ]);
  });

  it('lets an AnalysisRun with generateName through, and any object with a name', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {generateName: run-}
spec: {metrics: []}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, generateName: ignored-}
`;
    assert.deepEqual(lines(text), []);
  });

  it('checks each item of a List, not the List itself, which has no name', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: named}
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      generateName: api-
`;
    assert.deepEqual(lines(text), [
      'm.yaml:9: items[1].metadata.name: a Deployment with generateName api- and no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
    ]);
  });

  it('names an object given without its text by its kind and generateName', () => {
    const issues = unnamedObjectIssues([
      { value: { apiVersion: 'v1', kind: 'Service', metadata: { generateName: 'web-' } } },
    ]);
    assert.deepEqual(issues.map(formatIssue), [
      'Service default/web-*: metadata.name: a Service with generateName web- and no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
    ]);
  });
});

describe('an AnalysisRun without a name where names are not completed (apply, sluice run)', () => {
  it('is refused too, pointing at sluice create -f', () => {
    const text =
      'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata: {generateName: run-}\nspec: {metrics: []}\n';
    const documents = readManifests([{ file: 'run.yaml', text }]).documents;
    assert.deepEqual(unnamedObjectIssues(documents), [], 'create -f completes it');
    assert.deepEqual(unnamedObjectIssues(documents, { runsNamed: false }).map(formatIssue), [
      'run.yaml:3: metadata.name: an AnalysisRun with generateName run- and no name: only sluice create -f (POST /api/v1/analysisruns/NAMESPACE) completes a generateName, apply and sluice run do not (as kubectl apply); give metadata.name, or create the run with sluice create -f',
    ]);
  });
});
