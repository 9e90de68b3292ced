// The local API's answer to bad manifests and bad paths: 422 with the lint lines (or 400), never a
// 500, and nothing changes in the store. The server runs on loopback with a real store, event log
// and an idle rollout controller (the endpoints checked here never reach the controller).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../../../../../src/runtime/local/api/server.ts';
import { EventLog } from '../../../../../src/runtime/local/controller/event-log.ts';
import { RolloutController } from '../../../../../src/runtime/local/controller/rollout-controller.ts';
import type { PodEnvironment } from '../../../../../src/runtime/local/pods/pod-environment.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

const TOKEN = 'secret-token';

const rollout = (steps: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "web:1"}]}\n  strategy: {canary: {steps: ${steps}}}\n`;

const aliasBomb = (() => {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: c}',
    'data:',
    `  l0: &l0 [${Array(9).fill('"lol"').join(', ')}]`,
  ];
  for (let level = 1; level < 9; level++)
    lines.push(
      `  l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
})();

describe('the local API with bad manifests', () => {
  let server: ApiServer;
  const store = new ObjectStore();
  const events = new EventLog();
  // The bad manifests are refused before any pod would need an environment.
  const controller = new RolloutController({ store, events, environment: undefined as unknown as PodEnvironment });

  before(async () => {
    server = await startApiServer({ store, controller, events, token: TOKEN });
  });
  after(async () => {
    await server?.close();
  });

  async function post(
    path: string,
    body: unknown,
  ): Promise<{ status: number; body: { error?: string; issues?: string[] } }> {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: string; issues?: string[] } };
  }

  const rows: Array<{ name: string; text: string; issues: string[] }> = [
    {
      name: 'a null canary step',
      text: rollout('[{setWeight: 20}, null]'),
      issues: [
        'r.yaml:9: spec.strategy.canary.steps[1]: must be an object (a mapping of fields), got null; give it a value or remove it',
      ],
    },
    {
      name: 'a Deployment without spec',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n',
      issues: ['r.yaml:1: spec: required field "spec" is missing; add it under the document root'],
    },
    {
      name: 'an alias bomb',
      text: aliasBomb,
      issues: [
        'r.yaml:9: data.l4[1]: YAML aliases expand to more than 20,000 values in this document (aliases inside anchored content multiply): write the repeated content out, or nest fewer aliases',
      ],
    },
  ];
  for (const row of rows) {
    it(`answers 422 with the lint lines for ${row.name}, and changes nothing`, async () => {
      for (const endpoint of ['/api/v1/apply', '/api/v1/delete']) {
        const answer = await post(endpoint, { sources: [{ file: 'r.yaml', text: row.text }] });
        assert.equal(answer.status, 422, `${endpoint}: ${JSON.stringify(answer.body)}`);
        assert.deepEqual(answer.body.issues, row.issues);
      }
      assert.deepEqual(store.all(), []);
    });
  }

  it('applies a folder holding an Argo CD Application: the Application is skipped with a warning', async () => {
    const application =
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec: {project: default}\n';
    const service =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n';
    const answer = await post('/api/v1/apply', {
      sources: [
        { file: 'app.yaml', text: application },
        { file: 'svc.yaml', text: service },
      ],
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {
      results: ['Service default/web created'],
      warnings: [
        'app.yaml:2: kind: warning: kind Application (argoproj.io/v1alpha1) belongs to Argo CD, not Argo Rollouts: sluice does not run it; it is skipped',
      ],
    });
    store.delete({ kind: 'Service', namespace: 'default', name: 'web' });
  });

  it('answers 400 to a body without sources', async () => {
    const answer = await post('/api/v1/apply', { sources: [{ file: 'r.yaml', text: null }] });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'sources[0].text must be the manifest text');
  });

  it('answers 400 to a path that is not valid percent-encoding', async () => {
    const response = await fetch(`${server.url}/api/v1/rollouts/default/%E0%A4%A`);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: 'the path part "%E0%A4%A" is not valid percent-encoding (%XX with XX the hex code of a UTF-8 byte)',
    });
  });
});
