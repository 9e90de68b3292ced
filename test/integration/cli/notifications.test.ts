// `sluice notifications template get|notify` and `trigger get`, as Argo's plugin has them: the
// templates and triggers of a ConfigMap file with Argo's catalog built in, and a template sent for
// a rollout of a real local runtime to the console and to a webhook receiver on loopback.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';
import { FIXTURES, type RunningSluice, startSluice, temporaryDir } from '../local/runtime/sluice-run.ts';
import { isOneSentence, sluice } from './cli-process.ts';

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
    writeFileSync(
      configMap,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: argo-rollouts-notification-configmap
data:
  service.webhook.hook: |
    url: ${receiver.url}/hook
  trigger.on-rollout-updated: |
    - send: [rollout-updated]
      when: rollout.spec.replicas > 1
`,
    );
    mkdirSync(path.join(workDir, '.sluice'));
    running = await startSluice([path.join(FIXTURES, 'canary-basic')], { stateDir: path.join(workDir, '.sluice') });
  });
  after(async () => {
    await running?.stop();
    await receiver?.close();
  });

  it('template get lists the catalog templates with a preview', async () => {
    const result = await cli('notifications', 'template', 'get', '--config-map', configMap);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+PREVIEW$/);
    assert.equal(lines.length, 10);
    assert.match(
      result.stdout,
      /^rollout-completed\s+Rollout \{\{\.rollout\.metadata\.name\}\} has been completed\.$/m,
    );
  });

  it('trigger get shows each condition and the templates it sends', async () => {
    const result = await cli('notifications', 'trigger', 'get', 'on-rollout-updated', '--config-map', configMap);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s{3,}/)),
      [
        ['NAME', 'TEMPLATE', 'CONDITION'],
        ['on-rollout-updated', 'rollout-updated', 'rollout.spec.replicas > 1'],
      ],
    );
  });

  it('says in one sentence that a template is unknown', async () => {
    const result = await cli('notifications', 'template', 'get', 'nope', '--config-map', configMap);
    assert.equal(result.code, 1);
    assert.ok(isOneSentence(result.stderr), result.stderr);
    assert.match(result.stderr, /template "nope" is not defined; known: analysis-run-error, /);
  });

  it('template notify renders the template for a running rollout, to the console and a webhook', async () => {
    const result = await cli(
      'notifications',
      'template',
      'notify',
      'rollout-completed',
      'colorapi',
      '--config-map',
      configMap,
      '--recipient',
      'console:stdout',
      '--recipient',
      'hook',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Rollout colorapi has been completed\.$/m);
    const [request] = await receiver.waitFor(1);
    assert.equal(request?.path, '/hook');
    assert.equal(request?.body, 'Rollout colorapi has been completed.');
  });
});
