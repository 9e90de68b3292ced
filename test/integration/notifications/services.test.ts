// Notifications from Argo's configuration to real receivers on loopback: a webhook (method, path,
// headers, basic auth), Slack's chat.postMessage (apiURL pointed at the receiver, attachments and
// blocks), a Slack incoming webhook through the webhook service (as Argo documents it), Microsoft
// Teams, PagerDuty Events API v2, Opsgenie, Telegram, Alertmanager, Pushover, Grafana, and email
// over SMTP with AUTH; retries with back-off; a dead receiver delays no one else.
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type NotificationConfig, parseNotificationConfig } from '../../../src/notifications/config.ts';
import { notificationsForEvent, triggerOfReason } from '../../../src/notifications/notify.ts';
import { NotificationDispatcher, type NotificationLabels } from '../../../src/runtime/notifications/dispatcher.ts';
import {
  deadPort,
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../support/notification-receivers.ts';

const labels: NotificationLabels = { namespace: 'default', name: 'demo', type: 'Normal', reason: 'RolloutCompleted' };

function rollout(annotations: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'demo', namespace: 'default', annotations },
    spec: {
      replicas: 3,
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
      template: { spec: { containers: [{ name: 'app', image: 'demo:blue' }] } },
    },
    status: { currentStepIndex: 0, updatedReplicas: 1 },
  };
}

/** The first lines of the github service's template `rollout-completed`: a commit status of success. */
const GITHUB_COMPLETED_HEAD = [
  'message: Rollout {{.rollout.metadata.name}} is healthy',
  'github:',
  '  repoURLPath: "git@github.com:acme/demo.git"',
  '  revisionPath: "{{(index .rollout.spec.template.spec.containers 0).image}}"',
  '  status:',
  '    state: success',
];

describe('notification services against loopback receivers', () => {
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  const lines: string[] = [];
  const counts = { sent: 0, failed: 0 };
  const dispatcher = (attempts = 3) =>
    new NotificationDispatcher({
      log: (line) => lines.push(line),
      metrics: {
        sent: () => counts.sent++,
        failed: () => counts.failed++,
        observe: () => undefined,
      },
      attempts,
      baseDelayMs: 20,
      maxDelayMs: 40,
      timeoutMs: 2000,
    });

  /** Sends what the event `reason` gives a Rollout subscribed to it on `service` for `recipients`. */
  const sendEvent = async (
    config: NotificationConfig,
    reason: string,
    service: string,
    recipients = '',
    attempts = 3,
    /** A dispatcher kept across sends (Slack's threads live in it); a new one by default. */
    d: NotificationDispatcher = dispatcher(attempts),
  ): Promise<void> => {
    const annotation = `notifications.argoproj.io/subscribe.${triggerOfReason(reason)}.${service}`;
    d.enqueue(notificationsForEvent(reason, rollout({ [annotation]: recipients }), config, {}, 0), config, labels);
    await d.idle();
  };

  before(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    http.answer('/api/chat.postMessage', () => ({ status: 200, body: '{"ok":true,"ts":"1.2","channel":"C1"}' }));
    http.answer('/teams/ops', () => ({ status: 200, body: '1' }));
  });
  after(async () => {
    await http.close();
    await smtp.close();
  });

  it('sends a webhook with its method, path, headers and basic auth', async () => {
    const config = parseNotificationConfig(
      {
        'service.webhook.github': `url: ${http.url}/hooks\nheaders:\n- name: X-Token\n  value: $token\nbasicAuth:\n  username: bot\n  password: $password\n`,
        'template.rollout-completed': [
          'message: done',
          'webhook:',
          '  github:',
          '    method: POST',
          '    path: /status/{{.rollout.metadata.name}}',
          '    body: |',
          '      {"state": "success", "image": "{{(index .rollout.spec.template.spec.containers 0).image}}"}',
        ].join('\n'),
      },
      { token: 's3cret', password: 'pw' },
    );
    assert.deepEqual(config.problems, []);
    const before = http.requests.length;
    await sendEvent(config, 'RolloutCompleted', 'github', '');
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/hooks/status/demo');
    assert.equal(request.headers['x-token'], 's3cret');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('bot:pw').toString('base64')}`);
    assert.deepEqual(JSON.parse(request.body), { state: 'success', image: 'demo:blue' });
  });

  it("posts Argo's catalog template to Slack's chat.postMessage, attachments included", async () => {
    const config = parseNotificationConfig(
      { 'service.slack': `token: $slack-token\napiURL: ${http.url}/api/` },
      { 'slack-token': 'xoxb-1' },
    );
    const before = http.requests.length;
    await sendEvent(config, 'RolloutStepCompleted', 'slack', 'deploys;ops');
    const posts = http.requests.slice(before);
    assert.equal(posts.length, 2, lines.join('\n'));
    const form = new URLSearchParams(posts[0]?.body);
    assert.equal(posts[0]?.path, '/api/chat.postMessage');
    assert.equal(form.get('token'), 'xoxb-1');
    assert.equal(form.get('channel'), 'deploys');
    assert.equal(new URLSearchParams(posts[1]?.body).get('channel'), 'ops');
    assert.equal(form.get('text'), 'Rollout demo step number 1/2 has been completed.');
    const attachments = JSON.parse(form.get('attachments') ?? '') as Array<{
      fields: Array<{ title: string; value: string }>;
    }>;
    assert.deepEqual(
      attachments[0]?.fields.map((field) => [field.title, field.value]),
      [
        ['Strategy', 'Canary'],
        ['Step completed', '1/2'],
        ['app', 'demo:blue'],
      ],
    );
  });

  it("threads Slack messages by groupingKey: the first post's ts, broadcast, and the Update policies", async () => {
    let posted = 0;
    http.answer('/thr/chat.postMessage', () => ({
      status: 200,
      body: `{"ok":true,"channel":"C42","ts":"100.${++posted}"}`,
    }));
    http.answer('/thr/chat.update', () => ({ status: 200, body: '{"ok":true,"channel":"C42","ts":"100.1"}' }));
    const configWith = (policy: string) =>
      parseNotificationConfig({
        'service.slack': `token: xoxb-2\napiURL: ${http.url}/thr/`,
        'template.rollout-step-completed': [
          'message: step {{.rollout.status.currentStepIndex}} of {{.rollout.metadata.name}}',
          'slack:',
          '  groupingKey: "{{.rollout.metadata.namespace}}/{{.rollout.metadata.name}}"',
          '  notifyBroadcast: true',
          ...(policy ? [`  deliveryPolicy: ${policy}`] : []),
        ].join('\n'),
      });
    const d = dispatcher();
    const before = http.requests.length;
    const send = (policy: string, recipients = 'deploys') =>
      sendEvent(configWith(policy), 'RolloutStepCompleted', 'slack', recipients, 3, d);
    await send('');
    await send('');
    await send('', 'other');
    await send('PostAndUpdate');
    await send('Update');
    const calls = http.requests.slice(before).map((request) => {
      const form = new URLSearchParams(request.body);
      return [
        request.path.replace('/thr/', ''),
        form.get('channel'),
        form.get('thread_ts'),
        form.get('reply_broadcast'),
        form.get('ts'),
        form.get('as_user'),
      ];
    });
    assert.deepEqual(
      calls,
      [
        ['chat.postMessage', 'deploys', null, 'true', null, null],
        ['chat.postMessage', 'deploys', '100.1', 'true', null, null],
        ['chat.postMessage', 'other', null, 'true', null, null],
        ['chat.postMessage', 'deploys', '100.1', 'true', null, null],
        ['chat.update', 'C42', '100.1', null, '100.1', 'true'],
        ['chat.update', 'C42', '100.1', null, '100.1', 'true'],
      ],
      lines.join('\n'),
    );
    // Without a groupingKey every message is a new post.
    const plain = parseNotificationConfig({ 'service.slack': `token: t\napiURL: ${http.url}/thr/` });
    const plainBefore = http.requests.length;
    await sendEvent(plain, 'RolloutAborted', 'slack', 'deploys', 3, d);
    await sendEvent(plain, 'RolloutAborted', 'slack', 'deploys', 3, d);
    assert.deepEqual(
      http.requests.slice(plainBefore).map((request) => new URLSearchParams(request.body).get('thread_ts')),
      [null, null],
    );
  });

  it('logs in to Rocket.Chat, then posts with the token it answered', async () => {
    http.answer('/rc/api/v1/login', (request) =>
      new URLSearchParams(request.body).get('password') === 'rc-pw'
        ? { status: 200, body: '{"status":"success","data":{"authToken":"tok-9","userId":"user-7"}}' }
        : { status: 401, body: '{"status":"error","message":"Unauthorized"}' },
    );
    http.answer('/rc/api/v1/chat.postMessage', (request) =>
      request.headers['x-auth-token'] === 'tok-9'
        ? { status: 200, body: '{"success":true,"message":{"_id":"m1"}}' }
        : { status: 401, body: '{"success":false,"error":"You must be logged in to do this."}' },
    );
    const send = async (password: string, recipients: string) => {
      const config = parseNotificationConfig(
        {
          'service.rocketchat': `email: bot@example.com\npassword: $rc-password\nserverUrl: ${http.url}/rc\nalias: Rollouts\nicon: ":rocket:"\navatar: https://example.com/a.png`,
          'template.rollout-aborted': [
            'message: "Rollout {{.rollout.metadata.name}} <aborted>"',
            'rocketchat:',
            '  attachments: |',
            '    [{"title": "{{.rollout.metadata.name}}", "color": "#E01E5A", "unknown": 1, "fields": [{"title": "image", "value": "{{(index .rollout.spec.template.spec.containers 0).image}}"}]}]',
          ].join('\n'),
        },
        { 'rc-password': password },
      );
      assert.deepEqual(config.problems, []);
      await sendEvent(config, 'RolloutAborted', 'rocketchat', recipients, 1);
    };
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await send('rc-pw', '#deploys;GENERAL');
    const calls = http.requests.slice(before);
    assert.equal(calls.length, 4, lines.join('\n'));
    const login = calls.find((call) => call.path.endsWith('/login'));
    const post = calls.find((call) => call.body.includes('"#deploys"'));
    assert.equal(login?.path, '/rc/api/v1/login');
    assert.equal(login?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(login?.body, 'password=rc-pw&user=bot%40example.com');
    assert.equal(post?.path, '/rc/api/v1/chat.postMessage');
    assert.deepEqual(
      [post?.headers['content-type'], post?.headers['x-auth-token'], post?.headers['x-user-id']],
      ['application/json', 'tok-9', 'user-7'],
    );
    assert.equal(
      post?.body,
      '{"channel":"#deploys","text":"Rollout demo \\u003caborted\\u003e","alias":"Rollouts","emoji":":rocket:",' +
        '"avatar":"https://example.com/a.png","attachments":[{"color":"#E01E5A","collapsed":false,"title":"demo",' +
        '"fields":[{"short":false,"title":"image","value":"demo:blue"}]}]}',
    );
    const room = calls.find((call) => call.body.includes('"roomId"'));
    assert.match(room?.body ?? '', /^\{"roomId":"GENERAL","text":/);
    assert.equal(counts.sent, sentBefore + 2, lines.join('\n'));
    const failedBefore = counts.failed;
    const linesBefore = lines.length;
    await send('wrong', '#deploys');
    assert.equal(counts.failed, failedBefore + 1);
    assert.match(lines.slice(linesBefore).join('\n'), /login: status: error, message: Unauthorized/);
  });

  it('sets a GitHub commit status and deployment as a GitHub App, its JWT signed with the app key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwtClaims: Array<Record<string, unknown>> = [];
    http.answer('/gh/app/installations/77/access_tokens', (request) => {
      const [header = '', claims = '', signature = ''] = (request.headers.authorization ?? '')
        .replace(/^Bearer /, '')
        .split('.');
      const valid = createVerify('RSA-SHA256')
        .update(`${header}.${claims}`)
        .verify(publicKey, Buffer.from(signature, 'base64url'));
      if (!valid) return { status: 401, body: '{"message":"A JSON web token could not be decoded"}' };
      jwtClaims.push(JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>);
      return { status: 201, body: '{"token":"ghs_installation","expires_at":"2030-01-01T00:00:00Z"}' };
    });
    let deployments = '[]';
    http.answer('/gh/api/v3/repos/acme/demo/deployments', (request) =>
      request.method === 'GET' ? { status: 200, body: deployments } : { status: 201, body: '{"id":9}' },
    );
    http.answer('/gh/api/v3/repos/acme/demo/statuses/demo:blue', () => ({ status: 201, body: '{}' }));
    http.answer('/gh/api/v3/repos/acme/demo/deployments/9/statuses', () => ({ status: 201, body: '{}' }));
    const config = parseNotificationConfig(
      {
        'service.github': `appID: 12345\ninstallationID: 77\nprivateKey: $github-privateKey\nenterpriseBaseURL: ${http.url}/gh`,
        'template.rollout-completed': [
          ...GITHUB_COMPLETED_HEAD,
          '    label: "continuous-delivery/{{.rollout.metadata.name}}"',
          '    targetURL: "https://rollouts.example/{{.rollout.metadata.name}}"',
          '  deployment:',
          '    state: success',
          '    environment: production',
          '    environmentURL: "https://{{.rollout.metadata.name}}.example"',
          '    logURL: https://logs.example',
          '    requiredContexts: []',
        ].join('\n'),
      },
      { 'github-privateKey': pem },
    );
    assert.deepEqual(config.problems, []);
    const before = http.requests.length;
    const sentBefore = counts.sent;
    const start = Math.floor(Date.now() / 1000);
    await sendEvent(config, 'RolloutCompleted', 'github', '', 1);
    const calls = http.requests.slice(before);
    assert.deepEqual(
      calls.map((call) => `${call.method} ${call.path}`),
      [
        'POST /gh/app/installations/77/access_tokens',
        'POST /gh/api/v3/repos/acme/demo/statuses/demo:blue',
        'GET /gh/api/v3/repos/acme/demo/deployments?environment=production&ref=demo%3Ablue',
        'POST /gh/api/v3/repos/acme/demo/deployments',
        'POST /gh/api/v3/repos/acme/demo/deployments/9/statuses',
      ],
      lines.join('\n'),
    );
    const claims = jwtClaims[0] ?? {};
    assert.equal(claims.iss, '12345');
    assert.ok(Number(claims.iat) >= start - 31 && Number(claims.iat) <= start - 29, JSON.stringify(claims));
    assert.equal(Number(claims.exp) - Number(claims.iat), 120);
    for (const call of calls.slice(1)) {
      assert.equal(call.headers.authorization, 'token ghs_installation');
      assert.equal(call.headers['x-github-api-version'], '2022-11-28');
    }
    assert.equal(
      calls[1]?.body,
      '{"state":"success","target_url":"https://rollouts.example/demo","description":"Rollout demo is healthy","context":"continuous-delivery/demo"}\n',
    );
    assert.equal(
      calls[3]?.body,
      '{"ref":"demo:blue","auto_merge":true,"required_contexts":[],"environment":"production","transient_environment":false}\n',
    );
    assert.equal(
      calls[4]?.body,
      '{"state":"success","log_url":"https://logs.example","description":"Rollout demo is healthy","environment":"production","environment_url":"https://demo.example"}\n',
    );
    assert.equal(counts.sent, sentBefore + 1);
    // A deployment of the ref and environment that exists gets the status; none is created.
    deployments = '[{"id":9}]';
    const again = http.requests.length;
    await sendEvent(config, 'RolloutCompleted', 'github', '', 1);
    assert.deepEqual(
      http.requests.slice(again).map((call) => `${call.method} ${call.path.split('?')[0]}`),
      [
        'POST /gh/app/installations/77/access_tokens',
        'POST /gh/api/v3/repos/acme/demo/statuses/demo:blue',
        'GET /gh/api/v3/repos/acme/demo/deployments',
        'POST /gh/api/v3/repos/acme/demo/deployments/9/statuses',
      ],
    );
    // GitHub's 422 on a commit status is reported as the engine does.
    http.answer('/gh/api/v3/repos/acme/demo/statuses/demo:blue', () => ({
      status: 422,
      body: '{"message":"Validation Failed"}',
    }));
    const linesBefore = lines.length;
    await sendEvent(config, 'RolloutCompleted', 'github', '', 1);
    assert.match(
      lines.slice(linesBefore).join('\n'),
      /too many commit statuses for sha demo:blue and context continuous-delivery\/demo/,
    );
  });

  it('keeps a GitHub App installation token until a minute before its expires_at, per app and installation', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // Each token request answers a new token, expiring when `expiresIn` says.
    let expiresIn = 10 * 60_000;
    const issued: string[] = [];
    for (const installation of ['81', '82'])
      http.answer(`/ghc/app/installations/${installation}/access_tokens`, () => {
        const token = `ghs_${installation}_${issued.length}`;
        issued.push(token);
        return {
          status: 201,
          body: JSON.stringify({ token, expires_at: new Date(Date.now() + expiresIn).toISOString() }),
        };
      });
    http.answer('/ghc/api/v3/repos/acme/demo/statuses/demo:blue', () => ({ status: 201, body: '{}' }));
    const configOf = (installation: string) =>
      parseNotificationConfig(
        {
          'service.github': `appID: 12345\ninstallationID: ${installation}\nprivateKey: $github-privateKey\nenterpriseBaseURL: ${http.url}/ghc`,
          'template.rollout-completed': [...GITHUB_COMPLETED_HEAD, '    label: continuous-delivery'].join('\n'),
        },
        { 'github-privateKey': pem },
      );
    const d = dispatcher(1);
    const calls = async (config: NotificationConfig, sends: number) => {
      const before = http.requests.length;
      for (let i = 0; i < sends; i++) await sendEvent(config, 'RolloutCompleted', 'github', '', 1, d);
      return http.requests.slice(before);
    };
    const tokenRequests = (made: Awaited<ReturnType<typeof calls>>) =>
      made.filter((call) => call.path.endsWith('/access_tokens')).length;
    const statuses = (made: Awaited<ReturnType<typeof calls>>) =>
      made.filter((call) => call.path.includes('/statuses/')).map((call) => call.headers.authorization);

    // Three sends, one token request: the token is good for ten minutes.
    const first = await calls(configOf('81'), 3);
    assert.equal(tokenRequests(first), 1, lines.join('\n'));
    assert.deepEqual(statuses(first), ['token ghs_81_0', 'token ghs_81_0', 'token ghs_81_0']);
    // Another installation has its own token.
    const other = await calls(configOf('82'), 2);
    assert.equal(tokenRequests(other), 1);
    assert.deepEqual(statuses(other), ['token ghs_82_1', 'token ghs_82_1']);
    // A token within a minute of expiring is not kept: each send asks again.
    expiresIn = 30_000;
    const d2 = dispatcher(1);
    const before = http.requests.length;
    for (let i = 0; i < 2; i++) await sendEvent(configOf('81'), 'RolloutCompleted', 'github', '', 1, d2);
    const short = http.requests.slice(before);
    assert.equal(tokenRequests(short), 2);
    assert.deepEqual(statuses(short), ['token ghs_81_2', 'token ghs_81_3']);
  });

  it('posts a Webex message in markdown to a person or a room, only a 200 counting as sent', async () => {
    http.answer('/webex/v1/messages', (request) =>
      request.headers.authorization === 'Bearer wx-token'
        ? { status: 200, body: '{"id":"m1"}' }
        : { status: 401, body: '{"message":"The request requires a valid access token."}' },
    );
    const send = async (token: string, recipients: string) =>
      sendEvent(
        parseNotificationConfig(
          {
            'service.webex': `token: $wx\napiURL: ${http.url}/webex/`,
            'template.rollout-aborted': 'message: "**{{.rollout.metadata.name}}** <aborted>"',
          },
          { wx: token },
        ),
        'RolloutAborted',
        'webex',
        recipients,
        1,
      );
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await send('wx-token', 'ops@example.com;Y2lzY29zcGFyazovL3VzL1JPT00v');
    const bodies = http.requests
      .slice(before)
      .map((request) => `${request.method} ${request.path} ${request.headers['content-type']} ${request.body}`)
      .sort();
    assert.deepEqual(bodies, [
      'POST /webex/v1/messages application/json {"roomId":"Y2lzY29zcGFyazovL3VzL1JPT00v","markdown":"**demo** \\u003caborted\\u003e"}',
      'POST /webex/v1/messages application/json {"toPersonEmail":"ops@example.com","markdown":"**demo** \\u003caborted\\u003e"}',
    ]);
    assert.equal(counts.sent, sentBefore + 2, lines.join('\n'));
    const failedBefore = counts.failed;
    const linesBefore = lines.length;
    await send('wrong', 'ops@example.com');
    assert.equal(counts.failed, failedBefore + 1);
    assert.match(lines.slice(linesBefore).join('\n'), /has failed with error code 401 : .*valid access token/);
  });

  it('records a New Relic deployment marker for the application id, any answer counting as sent', async () => {
    http.answer('/nr/v2/applications/4242/deployments.json', () => ({ status: 500, body: 'whatever' }));
    const config = parseNotificationConfig(
      {
        'service.newrelic': `apiKey: $nr-key\napiURL: ${http.url}/nr`,
        'template.rollout-completed': [
          'message: Rollout {{.rollout.metadata.name}} & done',
          'newrelic:',
          '  revision: "{{(index .rollout.spec.template.spec.containers 0).image}}"',
          '  changelog: "canary of {{.rollout.metadata.name}}"',
          '  user: sluice',
        ].join('\n'),
      },
      { 'nr-key': 'NRAK-1' },
    );
    assert.deepEqual(config.problems, []);
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await sendEvent(config, 'RolloutCompleted', 'newrelic', '4242', 1);
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.deepEqual(
      [request.method, request.path, request.headers['x-api-key'], request.body],
      [
        'POST',
        '/nr/v2/applications/4242/deployments.json',
        'NRAK-1',
        '{"deployment":{"revision":"demo:blue","changelog":"canary of demo","description":"Rollout demo \\u0026 done","user":"sluice"}}',
      ],
    );
    assert.equal(counts.sent, sentBefore + 1);
    // Without a changelog Argo's default reads an Argo CD Application: a clear error, nothing sent.
    const bare = parseNotificationConfig(
      {
        'service.newrelic': `apiKey: k\napiURL: ${http.url}/nr`,
        'template.rollout-completed': 'newrelic:\n  revision: r\n  user: u',
      },
      {},
    );
    const linesBefore = lines.length;
    await sendEvent(bare, 'RolloutCompleted', 'newrelic', '4242', 1);
    assert.equal(http.requests.length, before + 1);
    assert.match(lines.slice(linesBefore).join('\n'), /newrelic\.changelog is not set/);
  });

  it("creates a PagerDuty incident on the recipient's service as go-pagerduty does, PagerDuty's error reported", async () => {
    http.answer('/pdapi/incidents', (request) =>
      request.headers.authorization === 'Token token=pd-token'
        ? { status: 201, body: '{"incident":{"id":"Q1","incident_number":1}}' }
        : {
            status: 401,
            body: '{"error":{"message":"Unauthorized","code":2006,"errors":["bad token","no access"]}}',
          },
    );
    const send = async (token: string) =>
      sendEvent(
        parseNotificationConfig(
          {
            'service.pagerduty': `token: $pd\nfrom: ops@example.com\napiURL: ${http.url}/pdapi`,
            'template.rollout-aborted': [
              'pagerduty:',
              '  title: "Rollout {{.rollout.metadata.name}} <aborted>"',
              '  body: "image {{(index .rollout.spec.template.spec.containers 0).image}}"',
              '  urgency: high',
            ].join('\n'),
          },
          { pd: token },
        ),
        'RolloutAborted',
        'pagerduty',
        'PSERVICE',
        1,
      );
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await send('pd-token');
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.deepEqual(
      [request.path, request.headers.from, request.headers.accept, request.headers['content-type'], request.body],
      [
        '/pdapi/incidents',
        'ops@example.com',
        'application/vnd.pagerduty+json;version=2',
        'application/json',
        '{"incident":{"type":"incident","title":"Rollout demo \\u003caborted\\u003e","service":{"id":"PSERVICE","type":"service_reference"},' +
          '"priority":{"type":"priority"},"urgency":"high","body":{"type":"incident_details\\t","details":"image demo:blue"}}}',
      ],
    );
    assert.equal(counts.sent, sentBefore + 1);
    const linesBefore = lines.length;
    await send('wrong');
    assert.match(
      lines.slice(linesBefore).join('\n'),
      /HTTP response failed with status code 401, message: Unauthorized \(code: 2006\): bad token \(and 1 more error\.\.\.\)/,
    );
  });

  it('posts an Adaptive Card to a Teams Workflows webhook, built from the template or as written', async () => {
    http.answer('/powerautomate/ops', () => ({ status: 202, body: '' }));
    http.answer('/powerautomate/refuse', () => ({ status: 400, body: 'bad card' }));
    const config = (template: string) =>
      parseNotificationConfig({
        'service.teams-workflows': `recipientUrls:\n  ops: ${http.url}/powerautomate/ops\n  refuse: ${http.url}/powerautomate/refuse\n  elsewhere: ${http.url}/hooks/x`,
        'template.rollout-aborted': template,
      });
    const built = config(
      [
        'message: Rollout {{.rollout.metadata.name}} <aborted>',
        'teams-workflows:',
        '  title: Aborted',
        '  themeColor: Attention',
        '  facts: |',
        '    [{"name": "image", "value": "{{(index .rollout.spec.template.spec.containers 0).image}}"}, {"name": "replicas", "value": {{.rollout.spec.replicas}}}]',
        '  sections: |',
        '    [{"facts": [{"name": "namespace", "value": "{{.rollout.metadata.namespace}}"}]}]',
        '  potentialAction: |',
        '    [{"@type": "OpenUri", "name": "Open", "targets": [{"os": "default", "uri": "https://rollouts.example/demo"}]}, {"@type": "HttpPOST", "name": "x"}]',
      ].join('\n'),
    );
    assert.deepEqual(built.problems, []);
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await sendEvent(built, 'RolloutAborted', 'teams-workflows', 'ops', 1);
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.body,
      '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":' +
        '{"type":"AdaptiveCard","version":"1.4","body":[' +
        '{"type":"TextBlock","text":"Aborted","size":"Large","weight":"Bolder","color":"Attention","wrap":true},' +
        '{"type":"TextBlock","text":"Rollout demo \\u003caborted\\u003e","wrap":true},' +
        '{"type":"FactSet","facts":[{"title":"image","value":"demo:blue"},{"title":"replicas","value":"3"}]},' +
        '{"type":"FactSet","facts":[{"title":"namespace","value":"default"}]}],' +
        '"actions":[{"type":"Action.OpenUrl","title":"Open","url":"https://rollouts.example/demo"}]}}]}',
    );
    assert.equal(counts.sent, sentBefore + 1);
    const written = config(
      'teams-workflows:\n  adaptiveCard: |\n    {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "{{.rollout.metadata.name}}"}]}',
    );
    const again = http.requests.length;
    await sendEvent(written, 'RolloutAborted', 'teams-workflows', 'ops', 1);
    assert.equal(
      http.requests[again]?.body,
      '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"demo"}]}}]}',
    );
    const linesBefore = lines.length;
    const requestsBefore = http.requests.length;
    await sendEvent(written, 'RolloutAborted', 'teams-workflows', 'refuse;elsewhere', 1);
    const logged = lines.slice(linesBefore).join('\n');
    assert.match(logged, /teams workflows webhook post error \(status 400\): bad card/);
    assert.match(
      logged,
      /invalid webhook URL for recipient elsewhere: webhook URL does not appear to be a valid Microsoft Teams Workflows URL/,
    );
    assert.equal(http.requests.length, requestsBefore + 1, 'nothing is sent to a URL that is not a Workflows one');
  });

  it('counts a Slack answer of ok: false as a failure', async () => {
    http.answer('/refuse/chat.postMessage', () => ({ status: 200, body: '{"ok":false,"error":"channel_not_found"}' }));
    const config = parseNotificationConfig({ 'service.slack': `token: t\napiURL: ${http.url}/refuse` });
    const failedBefore = counts.failed;
    await sendEvent(config, 'RolloutAborted', 'slack', 'nowhere', 2);
    assert.equal(counts.failed, failedBefore + 1);
    assert.ok(lines.some((line) => line.includes('channel_not_found') && line.includes('giving up')));
  });

  it("waits out Slack's 429 for its Retry-After seconds instead of the back-off, the wait bounded", async () => {
    let limited = 0;
    http.answer('/limited/chat.postMessage', () =>
      ++limited === 1
        ? { status: 429, body: '{"ok":false,"error":"ratelimited"}', headers: { 'Retry-After': '1' } }
        : { status: 200, body: '{"ok":true,"ts":"1.2","channel":"C1"}' },
    );
    const config = parseNotificationConfig({ 'service.slack': `token: t\napiURL: ${http.url}/limited` });
    const sentBefore = counts.sent;
    const before = http.requests.length;
    // The test dispatcher's back-off is 20 ms: a retry a second later is Slack's Retry-After.
    await sendEvent(config, 'RolloutAborted', 'slack', 'deploys', 3);
    const calls = http.requests.slice(before);
    assert.equal(calls.length, 2, lines.join('\n'));
    const waited = (calls[1]?.at ?? 0) - (calls[0]?.at ?? 0);
    assert.ok(waited >= 950, `the retry came ${waited} ms after the 429`);
    assert.equal(counts.sent, sentBefore + 1);
    assert.ok(lines.some((line) => line.includes('429') && line.includes('retrying in 1000 ms')));

    // A Retry-After longer than the dispatcher's bound waits only the bound.
    limited = 0;
    http.answer('/limited/chat.postMessage', () =>
      ++limited === 1
        ? { status: 429, body: '{"ok":false,"error":"ratelimited"}', headers: { 'Retry-After': '3600' } }
        : { status: 200, body: '{"ok":true,"ts":"1.2","channel":"C1"}' },
    );
    const bounded = new NotificationDispatcher({
      log: (line) => lines.push(line),
      attempts: 2,
      baseDelayMs: 20,
      maxRetryAfterMs: 200,
      timeoutMs: 2000,
    });
    const started = performance.now();
    await sendEvent(config, 'RolloutAborted', 'slack', 'deploys', 2, bounded);
    assert.equal(limited, 2);
    assert.ok(performance.now() - started < 5000);
    assert.ok(lines.some((line) => line.includes('retry after 3600s') && line.includes('retrying in 200 ms')));
  });

  it('sends to a Slack incoming webhook through the webhook service, with blocks', async () => {
    const config = parseNotificationConfig({
      'service.webhook.slack-hook': `url: ${http.url}/services/T0/B0/x\nheaders:\n- name: Content-Type\n  value: application/json`,
      'template.rollout-aborted':
        'webhook:\n  slack-hook:\n    method: POST\n    body: |\n      {"text": "{{.rollout.metadata.name}} aborted", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*{{.rollout.metadata.name}}*"}}]}',
    });
    const before = http.requests.length;
    await sendEvent(config, 'RolloutAborted', 'slack-hook', '');
    const request = http.requests[before];
    assert.equal(request?.path, '/services/T0/B0/x');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal((JSON.parse(request?.body ?? '') as { blocks: unknown[] }).blocks.length, 1);
  });

  it('posts a MessageCard to Microsoft Teams', async () => {
    const config = parseNotificationConfig({
      'service.teams': `recipientUrls:\n  ops: ${http.url}/teams/ops`,
      'template.rollout-completed':
        'message: Rollout {{.rollout.metadata.name}} has been completed.\nteams:\n  title: Completed\n  facts: |\n    [{"name": "image", "value": "{{(index .rollout.spec.template.spec.containers 0).image}}"}]',
    });
    const before = http.requests.length;
    await sendEvent(config, 'RolloutCompleted', 'teams', 'ops');
    const card = JSON.parse(http.requests[before]?.body ?? '{}') as Record<string, unknown>;
    assert.equal(card['@type'], 'MessageCard');
    assert.equal(card.title, 'Completed');
    assert.equal(card.text, 'Rollout demo has been completed.');
    assert.deepEqual(card.sections, [{ facts: [{ name: 'image', value: 'demo:blue' }] }]);
  });

  it("triggers a PagerDuty Events API v2 event from the template's pagerdutyv2 block, a refusal logged", async () => {
    http.answer('/pd/v2/enqueue', () => ({ status: 202, body: '{"status":"success","dedup_key":"k1"}' }));
    http.answer('/pd-refuse/v2/enqueue', () => ({ status: 400, body: '{"status":"invalid event"}' }));
    const template = [
      'pagerdutyv2:',
      '  summary: "Rollout {{.rollout.metadata.name}} aborted"',
      '  severity: critical',
      '  source: "{{.rollout.metadata.namespace}}/{{.rollout.metadata.name}}"',
      '  component: "{{(index .rollout.spec.template.spec.containers 0).image}}"',
      '  url: https://rollouts.example/demo',
    ].join('\n');
    const send = async (apiURL: string) => {
      const config = parseNotificationConfig(
        {
          'service.pagerdutyv2': `serviceKeys:\n  my-service: $pd-key\napiURL: ${apiURL}`,
          'template.rollout-aborted': template,
        },
        { 'pd-key': 'R0UT1NG' },
      );
      assert.deepEqual(config.problems, []);
      await sendEvent(config, 'RolloutAborted', 'pagerdutyv2', 'my-service', 1);
    };
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await send(`${http.url}/pd`);
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/pd/v2/enqueue');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.body,
      JSON.stringify({
        routing_key: 'R0UT1NG',
        event_action: 'trigger',
        client: 'ArgoCD',
        client_url: 'https://rollouts.example/demo',
        payload: {
          summary: 'Rollout demo aborted',
          source: 'default/demo',
          severity: 'critical',
          component: 'demo:blue',
        },
      }),
    );
    assert.equal(counts.sent, sentBefore + 1, lines.join('\n'));
    const failedBefore = counts.failed;
    await send(`${http.url}/pd-refuse`);
    assert.equal(counts.failed, failedBefore + 1);
    assert.ok(lines.some((line) => line.includes('HTTP Status Code: 400') && line.includes('invalid event')));
  });

  it("creates an Opsgenie alert for the recipient's team with the template's opsgenie block, a refusal logged", async () => {
    http.answer('/v2/alerts', (request) =>
      request.headers.authorization === 'GenieKey 0p5-key'
        ? { status: 202, body: '{"result":"Request will be processed","took":0.1,"requestId":"r1"}' }
        : { status: 422, body: '{"message":"Key format is not valid!","took":0.0,"requestId":"r2"}' },
    );
    const host = new URL(http.url).host;
    const send = async (key: string) => {
      const config = parseNotificationConfig(
        {
          'service.opsgenie': `apiUrl: ${host}\napiKeys:\n  sre: $og-key`,
          'template.rollout-aborted': [
            'message: Rollout {{.rollout.metadata.name}} aborted',
            'opsgenie:',
            '  description: "{{.rollout.metadata.name}} <canary> & {{(index .rollout.spec.template.spec.containers 0).image}}"',
            '  priority: P1',
            '  alias: "{{.rollout.metadata.namespace}}-{{.rollout.metadata.name}}"',
          ].join('\n'),
        },
        { 'og-key': key },
      );
      assert.deepEqual(config.problems, []);
      await sendEvent(config, 'RolloutAborted', 'opsgenie', 'sre', 1);
    };
    const before = http.requests.length;
    const sentBefore = counts.sent;
    await send('0p5-key');
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v2/alerts');
    assert.equal(request.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(request.headers.accept, 'application/json');
    assert.equal(request.headers.authorization, 'GenieKey 0p5-key');
    assert.equal(
      request.body,
      '{"message":"Rollout demo aborted","alias":"default-demo","description":"demo \\u003ccanary\\u003e \\u0026 demo:blue",' +
        '"responders":[{"type":"team","id":"sre","username":""}],"source":"Argo CD","priority":"P1"}\n',
    );
    assert.equal(counts.sent, sentBefore + 1, lines.join('\n'));
    const failedBefore = counts.failed;
    await send('wrong');
    assert.equal(counts.failed, failedBefore + 1);
    assert.ok(lines.some((line) => line.includes('422') && line.includes('Key format is not valid!')));
  });

  it("posts Telegram's sendMessage in Markdown to a channel and a chat id, the token kept out of the log", async () => {
    const token = '123456:AAtelegramSecretToken';
    http.answer(`/bot${token}/sendMessage`, (request) =>
      request.body.startsWith('chat_id=%40')
        ? { status: 200, body: '{"ok":true,"result":{"message_id":1}}' }
        : { status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' },
    );
    const config = parseNotificationConfig(
      {
        'service.telegram': `token: $tg-token\napiURL: ${http.url}`,
        'template.rollout-aborted': 'message: "*{{.rollout.metadata.name}}* aborted ~ 100% <now> & [x](y)"',
      },
      { 'tg-token': token },
    );
    assert.deepEqual(config.problems, []);
    const before = http.requests.length;
    const sentBefore = counts.sent;
    const failedBefore = counts.failed;
    const linesBefore = lines.length;
    await sendEvent(config, 'RolloutAborted', 'telegram', 'deploys;-100123', 1);
    const posts = http.requests.slice(before);
    assert.equal(posts.length, 2, lines.join('\n'));
    const channel = posts.find((post) => post.body.startsWith('chat_id=%40'));
    const chat = posts.find((post) => post.body.startsWith('chat_id=-'));
    assert.ok(channel && chat);
    assert.equal(channel.method, 'POST');
    assert.equal(channel.path, `/bot${token}/sendMessage`);
    assert.equal(channel.headers['content-type'], 'application/x-www-form-urlencoded');
    const text = 'text=%2Ademo%2A+aborted+~+100%25+%3Cnow%3E+%26+%5Bx%5D%28y%29';
    assert.equal(channel.body, `chat_id=%40deploys&parse_mode=Markdown&${text}`);
    assert.equal(chat.body, `chat_id=-100123&parse_mode=Markdown&${text}`);
    assert.equal(counts.sent, sentBefore + 1, lines.join('\n'));
    assert.equal(counts.failed, failedBefore + 1);
    const logged = lines.slice(linesBefore).join('\n');
    assert.match(logged, /Bad Request: chat not found/);
    // A receiver that is not there: the error names the URL, with the token written as ***.
    const dead = parseNotificationConfig(
      { 'service.telegram': `token: ${token}\napiURL: http://127.0.0.1:${await deadPort()}` },
      {},
    );
    await sendEvent(dead, 'RolloutAborted', 'telegram', 'deploys', 1);
    const all = lines.slice(linesBefore).join('\n');
    assert.match(all, /bot\*\*\*\/sendMessage/);
    assert.equal(all.includes('AAtelegramSecretToken'), false, all);
  });

  it('posts one alert to every Alertmanager target, sent when any one answers 200', async () => {
    http.answer('/am/api/v2/alerts', () => ({ status: 200, body: '' }));
    http.answer('/am-down/api/v2/alerts', () => ({ status: 500, body: 'boom' }));
    const host = new URL(http.url).host;
    const dead = await deadPort();
    const send = async (apiPath: string) => {
      const config = parseNotificationConfig(
        {
          'service.alertmanager': `targets:\n- 127.0.0.1:${dead}\n- ${host}\napiPath: ${apiPath}\nbasicAuth:\n  username: am\n  password: $am-pw`,
          'template.rollout-aborted': [
            'alertmanager:',
            '  labels:',
            '    severity: critical',
            '    rollout: "{{.rollout.metadata.name}}"',
            '  annotations:',
            '    image: "{{(index .rollout.spec.template.spec.containers 0).image}} <aborted>"',
            '  generatorURL: "git@github.com:acme/demo.git"',
          ].join('\n'),
        },
        { 'am-pw': 'pw' },
      );
      assert.deepEqual(config.problems, []);
      await sendEvent(config, 'RolloutAborted', 'alertmanager', '', 1);
    };
    const before = http.requests.length;
    const sentBefore = counts.sent;
    const start = Date.now();
    await send('/am/api/v2/alerts');
    const end = Date.now();
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/am/api/v2/alerts');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('am:pw').toString('base64')}`);
    const startsAt = /"startsAt":"([^"]+)"/.exec(request.body)?.[1] ?? '';
    assert.match(startsAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
    assert.ok(Date.parse(startsAt) >= start - 1 && Date.parse(startsAt) <= end, startsAt);
    assert.equal(
      request.body,
      '[{"labels":{"alertname":"rollout-aborted","rollout":"demo","severity":"critical"},' +
        '"annotations":{"image":"demo:blue \\u003caborted\\u003e"},' +
        `"generatorURL":"https://github.com/acme/demo.git","startsAt":"${startsAt}"}]`,
    );
    assert.equal(counts.sent, sentBefore + 1, lines.join('\n'));
    const failedBefore = counts.failed;
    const linesBefore = lines.length;
    await send('/am-down/api/v2/alerts');
    assert.equal(counts.failed, failedBefore + 1);
    const logged = lines.slice(linesBefore).join('\n');
    assert.match(logged, /no events were successfully received by alertmanager/);
    assert.match(logged, /has failed with error code 500 : boom/);
  });

  it("posts Pushover's messages.json to the user key, Pushover's errors reported", async () => {
    const app = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
    const user = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
    const other = 'gznej3rKEVAvPUxu9vvNnqpmZpokzF';
    http.answer('/1/messages.json', (request) =>
      request.body.endsWith(`user=${user}`)
        ? { status: 200, body: '{"status":1,"request":"r1"}' }
        : { status: 400, body: '{"user":"invalid","errors":["user identifier is not a valid user"],"status":0}' },
    );
    const config = parseNotificationConfig(
      {
        'service.pushover': `token: $po-token\napiURL: ${http.url}`,
        'template.rollout-aborted': 'message: "Rollout {{.rollout.metadata.name}} aborted: 100% * ~ & é"',
      },
      { 'po-token': app },
    );
    assert.deepEqual(config.problems, []);
    const before = http.requests.length;
    const sentBefore = counts.sent;
    const failedBefore = counts.failed;
    const linesBefore = lines.length;
    await sendEvent(config, 'RolloutAborted', 'pushover', `${user};${other};not-a-key`, 1);
    const posts = http.requests.slice(before);
    assert.equal(posts.length, 2, lines.join('\n'));
    const mine = posts.find((post) => post.body.endsWith(`user=${user}`));
    assert.ok(mine);
    assert.equal(mine.method, 'POST');
    assert.equal(mine.path, '/1/messages.json');
    assert.equal(mine.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(
      mine.body,
      `message=Rollout+demo+aborted%3A+100%25+%2A+~+%26+%C3%A9&priority=0&token=${app}&user=${user}`,
    );
    assert.equal(counts.sent, sentBefore + 1, lines.join('\n'));
    assert.equal(counts.failed, failedBefore + 2);
    const logged = lines.slice(linesBefore).join('\n');
    assert.match(logged, /user identifier is not a valid user/);
    assert.match(logged, /invalid recipient token "not-a-key"/);
  });

  it('adds a Grafana annotation tagged from the recipient, the template and the service', async () => {
    http.answer('/grafana/api/annotations', (request) =>
      request.headers.authorization === 'Bearer gf-key'
        ? { status: 200, body: '{"id":1,"message":"Annotation added"}' }
        : { status: 401, body: '{"message":"invalid API key"}' },
    );
    const send = async (key: string) => {
      const config = parseNotificationConfig(
        {
          'service.grafana': `apiUrl: ${http.url}/grafana/api\napiKey: $gf-key\ntags: sluice|prod`,
          'template.rollout-aborted': [
            'message: "Rollout {{.rollout.metadata.name}} <aborted> & rolled back"',
            'grafana:',
            '  tags: "{{.rollout.metadata.name}}|aborted"',
          ].join('\n'),
        },
        { 'gf-key': key },
      );
      assert.deepEqual(config.problems, []);
      await sendEvent(config, 'RolloutAborted', 'grafana', 'deploys|canary', 1);
    };
    const before = http.requests.length;
    const sentBefore = counts.sent;
    const start = Math.floor(Date.now() / 1000) * 1000;
    await send('gf-key');
    const end = Date.now();
    const request = http.requests[before];
    assert.ok(request, lines.join('\n'));
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/grafana/api/annotations');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, 'Bearer gf-key');
    const time = Number(/^\{"time":(\d+),/.exec(request.body)?.[1]);
    assert.ok(time % 1000 === 0 && time >= start && time <= end, String(time));
    assert.equal(
      request.body,
      `{"time":${time},"isRegion":false,"tags":["deploys","canary","demo","aborted","sluice","prod"],` +
        '"text":"Rollout demo \\u003caborted\\u003e \\u0026 rolled back"}',
    );
    assert.equal(counts.sent, sentBefore + 1, lines.join('\n'));
    const failedBefore = counts.failed;
    const linesBefore = lines.length;
    await send('wrong');
    assert.equal(counts.failed, failedBefore + 1);
    assert.match(
      lines.slice(linesBefore).join('\n'),
      /has failed with error code 401 : \{"message":"invalid API key"\}/,
    );
  });

  it('sends email over SMTP with AUTH PLAIN, the subject and body from the catalog template', async () => {
    const config = parseNotificationConfig(
      {
        'service.email.gmail': `host: ${smtp.host}\nport: ${smtp.port}\nfrom: rollouts@example.com\nusername: $email-username\npassword: $email-password`,
      },
      { 'email-username': 'bot@example.com', 'email-password': 'pw' },
    );
    await sendEvent(config, 'RolloutAborted', 'gmail', 'a@example.com, b@example.com');
    const [mail] = await smtp.waitFor(1);
    assert.ok(mail, lines.join('\n'));
    assert.equal(mail.from, 'rollouts@example.com');
    assert.deepEqual(mail.to, ['a@example.com', 'b@example.com']);
    assert.equal(mail.auth, '\0bot@example.com\0pw');
    assert.match(mail.data, /^Subject: Rollout demo has been aborted\.$/m);
    assert.match(mail.data, /\r\n\r\nRollout demo has been aborted\.$/);
  });

  it('upgrades to TLS with STARTTLS when the server offers it, and refuses an untrusted certificate', async () => {
    const secure = await startSmtpReceiver({ starttls: true });
    try {
      const settings = (extra: string) =>
        parseNotificationConfig({
          'service.email': `host: ${secure.host}\nport: ${secure.port}\nfrom: rollouts@example.com\nusername: bot\npassword: pw${extra}`,
        });
      const event = (config: ReturnType<typeof parseNotificationConfig>) =>
        notificationsForEvent(
          'RolloutCompleted',
          rollout({ 'notifications.argoproj.io/subscribe.on-rollout-completed.email': 'a@example.com' }),
          config,
          {},
          0,
        );
      const refused = settings('');
      const failedBefore = counts.failed;
      const d = dispatcher(1);
      d.enqueue(event(refused), refused, labels);
      await d.idle();
      assert.equal(counts.failed, failedBefore + 1);
      assert.ok(
        lines.some((line) => /TLS after STARTTLS failed: self[- ]signed certificate/.test(line)),
        lines.join('\n'),
      );
      assert.equal(secure.messages.length, 0);

      const trusting = settings('\ninsecure_skip_verify: true');
      d.enqueue(event(trusting), trusting, labels);
      await d.idle();
      const [mail] = await secure.waitFor(1);
      assert.equal(mail?.secure, true, 'sent over TLS');
      assert.equal(mail?.auth, '\0bot\0pw', 'AUTH after the upgrade');
    } finally {
      await secure.close();
    }
  });

  it('retries a failing receiver with back-off until it answers', async () => {
    let calls = 0;
    http.answer('/flaky', () => (++calls < 3 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' }));
    const config = parseNotificationConfig({ 'service.webhook.flaky': `url: ${http.url}/flaky` });
    const sentBefore = counts.sent;
    await sendEvent(config, 'RolloutCompleted', 'flaky', '', 3);
    assert.equal(calls, 3);
    assert.equal(counts.sent, sentBefore + 1);
    assert.ok(lines.some((line) => line.includes('answered 503') && line.includes('retrying in 20 ms')));
  });

  it('lets a dead receiver delay no other destination, and enqueue return at once', async () => {
    const dead = await deadPort();
    const config = parseNotificationConfig({
      'service.webhook.dead': `url: http://127.0.0.1:${dead}/`,
      'service.webhook.alive': `url: ${http.url}/alive`,
    });
    const before = http.requests.length;
    const d = new NotificationDispatcher({ log: () => undefined, attempts: 5, baseDelayMs: 5000, timeoutMs: 2000 });
    const started = performance.now();
    d.enqueue(
      notificationsForEvent(
        'RolloutCompleted',
        rollout({
          'notifications.argoproj.io/subscribe.on-rollout-completed.dead': '',
          'notifications.argoproj.io/subscribe.on-rollout-completed.alive': '',
        }),
        config,
        {},
        0,
      ),
      config,
      labels,
    );
    const enqueueMs = performance.now() - started;
    await http.waitFor(before + 1, 3000);
    assert.equal(http.requests[before]?.path, '/alive');
    assert.ok(enqueueMs < 50, `enqueue took ${enqueueMs} ms`);
    d.close();
  });
});
