// A GitHub App installation token GitHub stops taking (revoked, the App's key rotated, the
// installation removed) against a fake GitHub API on loopback: the 401 makes the kept token be
// forgotten and the send be made once more with a new one; a second 401 is an error that names the
// App and installation; a refused JWT names the App's id and key.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseNotificationConfig } from '../../../src/notifications/config.ts';
import { notificationsForEvent } from '../../../src/notifications/notify.ts';
import { NotificationDispatcher, type NotificationLabels } from '../../../src/runtime/notifications/dispatcher.ts';
import { type HttpReceiver, startHttpReceiver } from '../../support/notification-receivers.ts';

const labels: NotificationLabels = { namespace: 'default', name: 'demo', type: 'Normal', reason: 'RolloutCompleted' };

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: { 'notifications.argoproj.io/subscribe.on-rollout-completed.github': '' },
  },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'demo:blue' }] } } },
  status: {},
};

describe('a GitHub App installation token that GitHub refuses', () => {
  let github: HttpReceiver;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  /** Tokens the fake GitHub has issued, and those it no longer takes. */
  let issued = 0;
  const revoked = new Set<string>();
  let refuseEveryToken = false;
  let refuseJwt = false;
  const lines: string[] = [];
  const counts = { sent: 0, failed: 0 };

  before(async () => {
    github = await startHttpReceiver();
    github.answer('/gh/app/installations/91/access_tokens', () =>
      refuseJwt
        ? { status: 401, body: '{"message":"A JSON web token could not be decoded"}' }
        : {
            status: 201,
            body: JSON.stringify({
              token: `ghs_${++issued}`,
              expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            }),
          },
    );
    github.answer('/gh/api/v3/repos/acme/demo/statuses/demo:blue', (request) => {
      const token = (request.headers.authorization ?? '').replace(/^token /, '');
      return refuseEveryToken || revoked.has(token)
        ? { status: 401, body: '{"message":"Bad credentials"}' }
        : { status: 201, body: '{}' };
    });
  });
  after(() => github.close());

  const config = () =>
    parseNotificationConfig(
      {
        'service.github': `appID: 12345\ninstallationID: 91\nprivateKey: $github-privateKey\nenterpriseBaseURL: ${github.url}/gh`,
        'template.rollout-completed': [
          'message: Rollout {{.rollout.metadata.name}} is healthy',
          'github:',
          '  repoURLPath: "git@github.com:acme/demo.git"',
          '  revisionPath: "{{(index .rollout.spec.template.spec.containers 0).image}}"',
          '  status:',
          '    state: success',
          '    label: continuous-delivery',
        ].join('\n'),
      },
      { 'github-privateKey': pem },
    );
  // One dispatcher for every send, so its kept token carries from one send to the next; one
  // attempt each, so what is seen is the 401 handling and not the ordinary retries.
  const dispatcher = new NotificationDispatcher({
    log: (line) => lines.push(line),
    metrics: { sent: () => counts.sent++, failed: () => counts.failed++, observe: () => undefined },
    attempts: 1,
    timeoutMs: 2000,
  });
  const send = async (): Promise<{ calls: string[]; log: string }> => {
    const before = github.requests.length;
    const logged = lines.length;
    const cfg = config();
    assert.deepEqual(cfg.problems, []);
    dispatcher.enqueue(notificationsForEvent('RolloutCompleted', rollout, cfg, {}, 0), cfg, labels);
    await dispatcher.idle();
    return {
      calls: github.requests
        .slice(before)
        .map((call) =>
          call.path.endsWith('/access_tokens') ? 'new token' : `status with ${call.headers.authorization}`,
        ),
      log: lines.slice(logged).join('\n'),
    };
  };

  it('is forgotten on 401 and the send made once more with a new token, which is then kept', async () => {
    const first = await send();
    assert.deepEqual(first.calls, ['new token', 'status with token ghs_1'], first.log);
    assert.deepEqual(counts, { sent: 1, failed: 0 });

    revoked.add('ghs_1');
    const second = await send();
    assert.deepEqual(second.calls, ['status with token ghs_1', 'new token', 'status with token ghs_2'], second.log);
    assert.deepEqual(counts, { sent: 2, failed: 0 }, second.log);

    const third = await send();
    assert.deepEqual(third.calls, ['status with token ghs_2'], third.log);
    assert.deepEqual(counts, { sent: 3, failed: 0 });
  });

  it('a second 401 with a new token is an error naming the App and installation, tried once', async () => {
    refuseEveryToken = true;
    const refused = await send();
    assert.deepEqual(refused.calls, ['status with token ghs_2', 'new token', 'status with token ghs_3']);
    assert.equal(counts.failed, 1);
    assert.match(
      refused.log,
      /401 Unauthorized again with a new installation token of GitHub App 12345, installation 91 .*Bad credentials.*: check that the App is still installed on the repository/,
    );
    // The refused token is not kept either: the next send asks for a new one at once.
    refuseEveryToken = false;
    const after = await send();
    assert.deepEqual(after.calls, ['new token', 'status with token ghs_4'], after.log);
  });

  it('a refused JWT names the App id and its private key', async () => {
    revoked.add('ghs_4');
    refuseJwt = true;
    const refused = await send();
    assert.deepEqual(refused.calls, ['status with token ghs_4', 'new token']);
    assert.match(
      refused.log,
      /GitHub refused the JWT of GitHub App 12345 asking for a token of installation 91 .*: check that appID is the App's id and privateKey one of its current private keys/,
    );
    refuseJwt = false;
  });
});
