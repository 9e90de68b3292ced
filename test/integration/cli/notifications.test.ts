// `sluice notifications template get|notify` and `trigger get|run`, as Argo's plugin has them: the
// ConfigMap and Secret read from a file or, without --config-map, from what was applied to a real
// local runtime (through its API), with Argo's catalog built in; a template sent for a rollout of
// the runtime (or of a file) to the console and to a webhook receiver on loopback; a trigger's
// conditions evaluated for a rollout. Output as Go's tabwriter lays it out in the plugin.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';
import { FIXTURES, type RunningSluice, startSluice, temporaryDir } from '../local/runtime/sluice-run.ts';
import { isOneSentence, sluice } from './cli-process.ts';

const configMapText = (url: string, header: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${url}/hook
    headers:
      - name: X-Token
        value: $hook-token
  template.${header}: |
    message: "{{.rollout.metadata.name}} runs {{.rollout.spec.replicas}} replicas, token {{.secrets.note}}"
  trigger.on-rollout-updated: |
    - send: [rollout-updated]
      when: rollout.spec.replicas > 1
    - send: [${header}]
      when: rollout.spec.replicas > 10
`;

const secretText = `apiVersion: v1
kind: Secret
metadata:
  name: argo-rollouts-notification-secret
stringData:
  hook-token: s3cret
  note: from-the-runtime
`;

const columns = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd().split(/\s{2,}/));

describe('sluice notifications', () => {
  let receiver: HttpReceiver;
  let running: RunningSluice;
  let workDir: string;
  let configMap: string;
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });

  before(async () => {
    receiver = await startHttpReceiver();
    workDir = temporaryDir('cli-notifications');
    configMap = path.join(workDir, 'notifications.yaml');
    writeFileSync(configMap, configMapText(receiver.url, 'from-file'));
    writeFileSync(
      path.join(workDir, 'applied.yaml'),
      `${configMapText(receiver.url, 'from-runtime')}---\n${secretText}`,
    );
    writeFileSync(
      path.join(workDir, 'rollout-file.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: on-disk, namespace: default}\nspec: {replicas: 12}\n',
    );
    mkdirSync(path.join(workDir, '.sluice'));
    running = await startSluice([path.join(FIXTURES, 'canary-basic')], { stateDir: path.join(workDir, '.sluice') });
  });
  after(async () => {
    await running?.stop();
    await receiver?.close();
  });

  it('without --config-map says in one sentence that the runtime has no ConfigMap', async () => {
    const result = await cli('notifications', 'template', 'get');
    assert.equal(result.code, 1);
    assert.ok(isOneSentence(result.stderr), result.stderr);
    assert.match(
      result.stderr,
      /configmap argo-rollouts-notification-configmap is not in the local runtime at .*sluice apply -f/,
    );
  });

  it("template get lists the catalog templates and the file ConfigMap's, with a preview", async () => {
    const result = await cli('notifications', 'template', 'get', '--config-map', configMap);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME {20}PREVIEW$/);
    assert.equal(lines.length, 11);
    assert.match(
      result.stdout,
      /^rollout-completed {7}Rollout \{\{\.rollout\.metadata\.name\}\} has been completed\.$/m,
    );
    assert.match(result.stdout, /^from-file {15}\{\{\.rollout\.metadata\.name\}\} runs/m);
  });

  it('trigger get shows each condition and the templates it sends, the name on the first line only', async () => {
    const result = await cli('notifications', 'trigger', 'get', 'on-rollout-updated', '--config-map', configMap);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(columns(result.stdout), [
      ['NAME', 'TEMPLATE', 'CONDITION'],
      ['on-rollout-updated', 'rollout-updated', 'rollout.spec.replicas > 1'],
      ['', 'from-file', 'rollout.spec.replicas > 10'],
    ]);
  });

  it('get prints json, yaml or the names with -o, as the plugin does', async () => {
    const json = await cli(
      'notifications',
      'trigger',
      'get',
      'on-rollout-updated',
      '-o',
      'json',
      '--config-map',
      configMap,
    );
    assert.equal(json.code, 0, json.stderr);
    assert.equal(
      json.stdout,
      `{
  "on-rollout-updated": [
    {
      "when": "rollout.spec.replicas \\u003e 1",
      "send": [
        "rollout-updated"
      ]
    },
    {
      "when": "rollout.spec.replicas \\u003e 10",
      "send": [
        "from-file"
      ]
    }
  ]
}
`,
    );
    const names = await cli('notifications', 'template', 'get', '-o', 'name', '--config-map', configMap);
    assert.deepEqual(names.stdout.trimEnd().split('\n').slice(0, 3), [
      'analysis-run-error',
      'analysis-run-failed',
      'analysis-run-running',
    ]);
    const yaml = await cli('notifications', 'template', 'get', 'from-file', '-o', 'yaml', '--config-map', configMap);
    assert.equal(
      yaml.stdout,
      'from-file:\n  message: "{{.rollout.metadata.name}} runs {{.rollout.spec.replicas}} replicas, token {{.secrets.note}}"\n',
    );
  });

  it('says in one sentence that a template is unknown', async () => {
    const result = await cli('notifications', 'template', 'get', 'nope', '--config-map', configMap);
    assert.equal(result.code, 1);
    assert.ok(isOneSentence(result.stderr), result.stderr);
    assert.match(result.stderr, /template "nope" is not defined; known: analysis-run-error, /);
  });

  it('template notify renders the template for a running rollout, to the console as YAML and to a webhook', async () => {
    const before = receiver.requests.length;
    const result = await cli(
      'notifications',
      'template',
      'notify',
      'rollout-completed',
      'colorapi',
      '--config-map',
      configMap,
      '--secret',
      ':empty',
      '--recipient',
      'console:stdout',
      '--recipient',
      'hook',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^message: Rollout colorapi has been completed\.$/m);
    assert.match(result.stdout, /^slack:\n {2}attachments: /m);
    const requests = await receiver.waitFor(before + 1);
    assert.equal(requests[before]?.path, '/hook');
    assert.equal(requests[before]?.body, 'Rollout colorapi has been completed.');
  });

  it('reads the ConfigMap and Secret applied to the runtime when no file is given', async () => {
    const applied = await cli('apply', '-f', path.join(workDir, 'applied.yaml'));
    assert.equal(applied.code, 0, applied.stderr);
    const get = await cli('notifications', 'template', 'get', 'from-runtime');
    assert.equal(get.code, 0, get.stderr);
    assert.deepEqual(columns(get.stdout), [
      ['NAME', 'PREVIEW'],
      ['from-runtime', '{{.rollout.metadata.name}} runs {{.rollout.spec.replicas}} replicas, token {{.secrets.note}}'],
    ]);
    const before = receiver.requests.length;
    const notify = await cli('notifications', 'template', 'notify', 'from-runtime', 'colorapi', '--recipient', 'hook');
    assert.equal(notify.code, 0, notify.stderr);
    const requests = await receiver.waitFor(before + 1);
    assert.equal(requests[before]?.body, 'colorapi runs 5 replicas, token from-the-runtime');
    assert.equal(requests[before]?.headers['x-token'], 's3cret');
  });

  it('the runtime serves the Secret only with its token', async () => {
    const open = await fetch(`${running.apiUrl}/api/v1/notificationsettings`);
    assert.equal(open.status, 401);
    const authorized = await fetch(`${running.apiUrl}/api/v1/notificationsettings`, {
      headers: { authorization: `Bearer ${running.token}` },
    });
    assert.equal(authorized.status, 200);
  });

  it('trigger run evaluates each condition for a rollout of the runtime, and of a file', async () => {
    const live = await cli('notifications', 'trigger', 'run', 'on-rollout-updated', 'colorapi');
    assert.equal(live.code, 0, live.stderr);
    assert.deepEqual(columns(live.stdout), [
      ['CONDITION', 'RESULT'],
      ['rollout.spec.replicas > 1', 'true'],
      ['rollout.spec.replicas > 10', 'false'],
    ]);
    const fromFile = await cli('notifications', 'trigger', 'run', 'on-rollout-updated', 'rollout-file.yaml');
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.deepEqual(columns(fromFile.stdout).slice(1), [
      ['rollout.spec.replicas > 1', 'true'],
      ['rollout.spec.replicas > 10', 'true'],
    ]);
    const catalog = await cli('notifications', 'trigger', 'run', 'on-rollout-completed', 'colorapi');
    assert.equal(catalog.stdout, 'CONDITION  RESULT\n           false\n', 'a condition without `when` reads as false');
  });

  it('trigger run names the triggers there are when the one asked for is not', async () => {
    const result = await cli('notifications', 'trigger', 'run', 'on-nothing', 'colorapi');
    assert.equal(result.code, 1);
    assert.ok(isOneSentence(result.stderr), result.stderr);
    assert.match(result.stderr, /trigger with name 'on-nothing' does not exist \(found on-analysis-run-error, /);
  });
});
