// `POST /api/v1/create` and `POST /api/v1/apply` of the local API refuse an object other than an
// AnalysisRun with no metadata.name (the local runtime generates no other names), as `sluice
// create -f` does: a 422 naming the file, line and object and saying how to fix it, and nothing of
// the request is stored, ConfigMaps included. The server runs on loopback with a real store and
// the runtime's ConfigMaps and Secrets wired as `sluice run` wires them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestsApi } from './manifests-api.ts';

const NAMED_SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n';
const NAMED_CONFIG_MAP =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {A: "1"}\n';
const UNNAMED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  namespace: shop
  generateName: api-
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: x}]}
`;
const UNNAMED_CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: shop}\ndata: {A: "1"}\n';

describe('the local API refuses objects without a name', () => {
  const { store, config, post: postManifests } = manifestsApi();
  const post = (verb: 'create' | 'apply', ...texts: string[]) =>
    postManifests<{ error?: string; issues?: string[] }>(verb, 'app.yaml', ...texts);

  for (const verb of ['create', 'apply'] as const) {
    it(`${verb}: a Deployment with generateName only, at its line; the named objects beside it are not stored`, async () => {
      const refused = await post(verb, NAMED_SERVICE, NAMED_CONFIG_MAP, UNNAMED_DEPLOYMENT);
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.match(refused.body.error ?? '', /^the manifests are invalid: nothing was (created|changed)$/);
      assert.deepEqual(refused.body.issues, [
        'app.yaml:13: metadata.name: a Deployment with generateName api- and no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
      ]);
      assert.deepEqual(store.all(), []);
      assert.equal(config.get('ConfigMap', 'shop', 'settings'), undefined);
    });

    it(`${verb}: a ConfigMap with no name at all`, async () => {
      const refused = await post(verb, UNNAMED_CONFIG_MAP);
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.deepEqual(refused.body.issues, [
        'app.yaml:3: metadata.name: a ConfigMap with no name: the local runtime generates names for AnalysisRuns only; give metadata.name',
      ]);
    });
  }
});
