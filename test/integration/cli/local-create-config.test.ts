// `sluice create -f` on the local runtime refuses, before creating anything, what would be stored
// wrong: an object other than an AnalysisRun with generateName and no name (the local runtime
// generates no other names; a ConfigMap, a Service, a Deployment), and, as the API server does, a
// Secret whose data is not base64, naming the file, line, key and object. Nothing is printed as
// created and nothing is stored; what is valid is still created.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFixture, runCli, startSluice, temporaryDir, type RunningSluice } from '../local/runtime/sluice-run.ts';

describe('sluice create -f of ConfigMaps and Secrets the API server would refuse', { timeout: 120_000 }, () => {
  let sluice: RunningSluice;
  let dir = '';
  const create = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return runCli(['create', '-f', file, '--state-dir', sluice.stateDir]);
  };

  before(async () => {
    sluice = await startSluice([copyFixture('canary-basic')]);
    dir = temporaryDir('create-config');
  });
  after(async () => {
    await sluice?.stop();
  });

  it('refuses a ConfigMap with generateName and no name, printing nothing created', async () => {
    const result = await create(
      'generated.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: settings-\ndata: {A: "1"}\n',
    );
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /generated\.yaml:3: metadata\.name: a ConfigMap with generateName settings- and no name: the local runtime generates names for AnalysisRuns only; give metadata\.name/,
    );
    assert.match(result.stderr, /nothing was created/);
  });

  it('refuses a Service and a Deployment with no name too, creating neither', async () => {
    const result = await create(
      'unnamed.yaml',
      `apiVersion: v1
kind: Service
metadata: {generateName: web-}
spec: {ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {generateName: api-}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: x}]}
`,
    );
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unnamed\.yaml:3: metadata\.name: a Service with generateName web- and no name/);
    assert.match(result.stderr, /unnamed\.yaml:8: metadata\.name: a Deployment with generateName api- and no name/);
  });

  it('refuses a Secret whose data is not base64, naming the key, the object and the line; stores nothing', async () => {
    const text =
      'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata:\n  user: YWRtaW4=\n  token: not base64!\n';
    const result = await create('secret.yaml', text);
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /secret\.yaml:6: data\.token: Secret creds: data\.token is not valid base64/);
    assert.doesNotMatch(result.stderr, /data\.user/, 'the valid key is not blamed');
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');

    // Nothing was stored: created now, rather than "already exists".
    const fixed = await create('secret-fixed.yaml', text.replace('not base64!', 'czNjcmV0'));
    assert.deepEqual([fixed.code, fixed.stdout, fixed.stderr], [0, 'secret/creds created\n', '']);
  });
});
