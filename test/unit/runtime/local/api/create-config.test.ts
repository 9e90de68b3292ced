// `POST /api/v1/create` with ConfigMaps and Secrets, as `kubectl create`: they are created beside the
// stored objects (without the "not read by sluice" warning), and one that exists refuses the whole
// request, the stored objects included. The server runs on loopback with a real store and the
// runtime's ConfigMaps and Secrets wired as `sluice run` wires them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { valueText, type ConfigKind } from '../../../../../src/runtime/local/config/config-data.ts';
import { manifestsApi } from './manifests-api.ts';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {A: "1"}\n';
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: shop}\nstringData: {token: s3cret}\n';
const template = (name: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  metrics:\n    - name: m\n      provider: {web: {url: "http://x/"}}\n`;

describe('create with ConfigMaps and Secrets', () => {
  const { store, config, post } = manifestsApi();

  const value = (kind: ConfigKind, name: string, key: string) => {
    const object = config.get(kind, 'shop', name);
    return object && valueText(object, key);
  };

  const create = (...texts: string[]) =>
    post<{ error?: string; results?: string[]; warnings?: string[] }>('create', 'f.yaml', ...texts);

  it('creates them with the stored objects, without a warning that they are skipped', async () => {
    const created = await create(CONFIG_MAP, SECRET, template('first'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.results?.slice(-2), ['ConfigMap shop/settings created', 'Secret shop/creds created']);
    assert.deepEqual(
      created.body.warnings?.filter((w) => /ConfigMap|Secret/.test(w)),
      [],
    );
    assert.equal(value('ConfigMap', 'settings', 'A'), '1');
    assert.equal(value('Secret', 'creds', 'token'), 's3cret');
    assert.ok(store.get('AnalysisTemplate', 'shop', 'first'));
  });

  it('refuses the whole request when one exists (AlreadyExists), creating nothing', async () => {
    const again = await create(template('second'), SECRET.replace('s3cret', 'changed'));
    assert.deepEqual(again, {
      status: 409,
      body: { error: 'Secret shop/creds already exists: nothing was created' },
    });
    assert.equal(store.get('AnalysisTemplate', 'shop', 'second'), undefined);
    assert.equal(value('Secret', 'creds', 'token'), 's3cret');
    const both = await create(template('first'), CONFIG_MAP);
    assert.equal(
      both.body.error,
      'AnalysisTemplate shop/first already exists; ConfigMap shop/settings already exists: nothing was created',
    );
  });

  it('the same name in another namespace is another object', async () => {
    const other = await create(CONFIG_MAP.replace('namespace: shop', 'namespace: other'));
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.ok(config.get('ConfigMap', 'other', 'settings'));
  });

  it('stores no Secret whose data is not base64: its result line says why, where the API server refuses it', async () => {
    const bad =
      'apiVersion: v1\nkind: Secret\nmetadata: {name: mangled, namespace: shop}\ndata: {token: "not base64!"}\n';
    const created = await create(bad);
    assert.deepEqual(created.body.results, [
      "Secret shop/mangled refused: data.token is not valid base64 (a Secret's data holds base64-encoded values; put plain text under stringData)",
    ]);
    assert.equal(config.get('Secret', 'shop', 'mangled'), undefined);
    const good = await create(bad.replace('not base64!', 'czNj\\ncmV0'));
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assert.equal(value('Secret', 'mangled', 'token'), 's3cret', 'line breaks inside base64 are skipped, as Go does');
  });
});
