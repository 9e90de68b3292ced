import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  mergeKubeconfigs,
  selectContext,
  KubeconfigError,
} from '../../../../../src/platform/kubernetes/client/kubeconfig.ts';
import { loadConnection } from '../../../../../src/platform/kubernetes/client/load-connection.ts';
import { inClusterConnection, isInCluster } from '../../../../../src/platform/kubernetes/client/in-cluster.ts';
import { tokenFileCredentials } from '../../../../../src/platform/kubernetes/client/connection.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const single = path.join(fixtures, 'kubeconfig', 'single.yaml');
const override = path.join(fixtures, 'kubeconfig', 'override.yaml');
const noCurrent = path.join(fixtures, 'kubeconfig', 'no-current.yaml');
const certs = path.join(fixtures, 'kubeconfig', 'certs');
const clock = { now: () => 0 };
const emptyHome = mkdtempSync(path.join(os.tmpdir(), 'sluice-kubeconfig-home-'));
after(() => rmSync(emptyHome, { recursive: true, force: true }));

function load(options: Parameters<typeof loadConnection>[0]) {
  return loadConnection({
    env: {},
    homeDir: emptyHome,
    timers: clock,
    serviceAccountDir: path.join(emptyHome, 'none'),
    ...options,
  });
}

describe('kubeconfig contexts', () => {
  it('uses the current context: server, CA file and client certificate relative to the file, namespace', () => {
    const connection = load({ kubeconfig: single });
    assert.equal(connection.server, 'https://dev.example.test:6443');
    assert.equal(connection.namespace, 'team-a');
    assert.deepEqual(connection.tls.ca, readFileSync(path.join(certs, 'ca.pem')));
    assert.deepEqual(connection.tls.cert, readFileSync(path.join(certs, 'client.pem')));
    assert.deepEqual(connection.tls.key, readFileSync(path.join(certs, 'client-key.pem')));
    assert.equal(connection.tls.insecureSkipTlsVerify, false);
    assert.equal(connection.credentials.authorization(), undefined);
    assert.equal(connection.description, `context dev in ${single}`);
  });

  it('--context picks another: inline CA data, tls-server-name, bearer token, namespace default', () => {
    const connection = load({ kubeconfig: single, context: 'prod' });
    assert.equal(connection.tls.ca?.toString(), 'PROD CA');
    assert.equal(connection.tls.serverName, 'api.prod.example.test');
    assert.equal(connection.credentials.authorization(), 'Bearer prod-token');
    assert.equal(connection.namespace, 'default');
  });

  it('basic auth and insecure-skip-tls-verify', () => {
    const connection = load({ kubeconfig: single, context: 'lab' });
    assert.equal(connection.tls.insecureSkipTlsVerify, true);
    assert.equal(connection.credentials.authorization(), `Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
  });

  it('tokenFile, relative to the kubeconfig', () => {
    assert.equal(load({ kubeconfig: single, context: 'file' }).credentials.authorization(), 'Bearer file-token');
  });

  const failures: [string, RegExp][] = [
    ['missing', new RegExp(`^context missing not found in ${escape(single)}$`)],
    ['dangling', /^context dangling in .* names cluster nowhere, which is not defined in /],
    ['ghost-user', /names user nobody, which is not defined/],
    ['half-cert', /has a client certificate without its key/],
  ];
  for (const [context, message] of failures) {
    it(`context ${context} fails with one clear sentence`, () => {
      assert.throws(
        () => load({ kubeconfig: single, context }),
        (error: Error) => error instanceof KubeconfigError && message.test(error.message),
      );
    });
  }

  describe("a user's impersonation (as, as-uid, as-groups, as-user-extra, as client-go reads them)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-kubeconfig-as-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const withUser = (user: Record<string, unknown>): string => {
      const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          'current-context': 'dev',
          clusters: [{ name: 'c', cluster: { server: 'https://api.example.test' } }],
          users: [{ name: 'me', user: { token: 't', ...user } }],
          contexts: [{ name: 'dev', context: { cluster: 'c', user: 'me' } }],
        }),
      );
      return file;
    };

    it("becomes the connection's impersonation", () => {
      const file = withUser({
        as: 'jane',
        'as-uid': '42',
        'as-groups': ['team-a', 'team-b'],
        'as-user-extra': { scopes: ['view'] },
      });
      assert.deepEqual(load({ kubeconfig: file }).impersonate, {
        user: 'jane',
        groups: ['team-a', 'team-b'],
        uid: '42',
        extra: { scopes: ['view'] },
      });
      assert.deepEqual(load({ kubeconfig: withUser({ as: 'jane' }) }).impersonate, { user: 'jane', groups: [] });
      assert.equal(load({ kubeconfig: withUser({}) }).impersonate, undefined);
    });

    it('groups, a uid or extra fields without as are refused, naming the user and the fix', () => {
      assert.throws(
        () => load({ kubeconfig: withUser({ 'as-groups': ['team-a'], 'as-uid': '42' }) }),
        (error: Error) =>
          error instanceof KubeconfigError &&
          /^user me of context dev in .* sets as-uid, as-groups without as: .*add "as: USER" to the user entry$/.test(
            error.message,
          ),
      );
    });

    it('fields of the wrong shape are refused, naming the user and the shape', () => {
      assert.throws(
        () => load({ kubeconfig: withUser({ as: 'jane', 'as-groups': 'team-a' }) }),
        /^KubeconfigError: user me in .*: as-groups must be a list of strings, such as \[team-a, team-b\]$/,
      );
      assert.throws(
        () => load({ kubeconfig: withUser({ as: 'jane', 'as-user-extra': { scopes: 'view' } }) }),
        /as-user-extra must map each key to a list of strings/,
      );
    });
  });

  it('an exec plugin provides the token; it gets its env and KUBERNETES_EXEC_INFO', async () => {
    const connection = load({ kubeconfig: single, context: 'exec', env: { PATH: process.env['PATH'] } });
    assert.equal(await connection.credentials.authorization(), 'Bearer from-plugin-1');
  });

  it('an exec plugin that cannot run fails the request with a clear message', async () => {
    const connection = load({ kubeconfig: single, context: 'missing-plugin', env: { PATH: process.env['PATH'] } });
    await assert.rejects(
      async () => connection.credentials.authorization(),
      /cannot run the exec credential plugin "sluice-no-such-plugin"/,
    );
  });

  it('a file without current-context asks for --context', () => {
    assert.throws(() => load({ kubeconfig: noCurrent }), /sets no current-context: pass --context NAME/);
  });
});

describe('finding the kubeconfig', () => {
  it('--kubeconfig that does not exist is an error', () => {
    assert.throws(() => load({ kubeconfig: path.join(emptyHome, 'nope') }), /given with --kubeconfig does not exist/);
  });

  it('no flag, no KUBECONFIG, no ~/.kube/config and not in a cluster', () => {
    assert.throws(() => load({}), /^KubeconfigError: no kubeconfig found: set KUBECONFIG or pass --kubeconfig$/);
  });

  it('KUBECONFIG merges its files: the first to define a name or current-context wins', () => {
    const env = { KUBECONFIG: [path.join(emptyHome, 'missing'), single, override].join(path.delimiter) };
    const connection = load({ env });
    assert.equal(connection.server, 'https://dev.example.test:6443', 'current-context of the first file');
    assert.equal(
      load({ env, context: 'prod' }).server,
      'https://prod.example.test',
      'first definition of prod-cluster',
    );
    assert.equal(
      load({ env, context: 'other' }).credentials.authorization(),
      'Bearer other-token',
      'contexts of the second file',
    );
    const reversed = load({ env: { KUBECONFIG: [override, single].join(path.delimiter) } });
    assert.equal(reversed.server, 'https://other.example.test');
  });

  it('KUBECONFIG naming only missing files is an error', () => {
    assert.throws(() => load({ env: { KUBECONFIG: path.join(emptyHome, 'a') } }), /names no file that exists/);
  });

  it('falls back to ~/.kube/config', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'sluice-home-'));
    try {
      const kube = path.join(home, '.kube');
      mkdirSync(kube);
      copyFileSync(override, path.join(kube, 'config'));
      assert.equal(load({ homeDir: home }).server, 'https://other.example.test');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('mergeKubeconfigs refuses YAML that is not a mapping', () => {
    assert.throws(() => mergeKubeconfigs([{ path: '/x', text: '- a\n- b\n' }]), /\/x is not a kubeconfig/);
    assert.throws(() => mergeKubeconfigs([{ path: '/y', text: 'clusters: {a: 1}' }]), /\/y: clusters must be a list/);
    assert.throws(
      () => selectContext(mergeKubeconfigs([{ path: '/z', text: 'contexts:\n- context: {}\n' }])),
      /contexts\[0\] has no name/,
    );
  });
});

describe('in cluster', () => {
  const saDir = path.join(fixtures, 'serviceaccount');

  it('uses the mounted token, CA and namespace and KUBERNETES_SERVICE_HOST/PORT', () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    assert.equal(isInCluster({ env, timers: clock, dir: saDir }), true);
    const connection = loadConnection({ env, homeDir: emptyHome, timers: clock, serviceAccountDir: saDir });
    assert.equal(connection.server, 'https://10.96.0.1:443');
    assert.equal(connection.namespace, 'sluice-system');
    assert.equal(connection.tls.ca?.toString().includes('CLUSTERCA'), true);
    assert.equal(connection.credentials.authorization(), 'Bearer sa-token-1');
  });

  it('brackets an IPv6 service host', () => {
    const env = { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' };
    assert.equal(inClusterConnection({ env, timers: clock, dir: saDir }).server, 'https://[fd00::1]:6443');
  });

  it('is not in a cluster without KUBERNETES_SERVICE_HOST', () => {
    assert.equal(isInCluster({ env: {}, timers: clock, dir: saDir }), false);
  });

  it('reads the rotated token again after a minute', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-sa-'));
    try {
      writeFileSync(path.join(dir, 'token'), 'first\n');
      let now = 0;
      const connection = inClusterConnection({
        env: { KUBERNETES_SERVICE_HOST: 'h' },
        timers: { now: () => now },
        dir,
      });
      assert.equal(connection.credentials.authorization(), 'Bearer first');
      writeFileSync(path.join(dir, 'token'), 'second\n');
      now = 59_000;
      assert.equal(connection.credentials.authorization(), 'Bearer first');
      now = 60_000;
      assert.equal(connection.credentials.authorization(), 'Bearer second');
      assert.equal(connection.namespace, 'default', 'no namespace file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tokenFileCredentials', () => {
  it('keeps the last token when a re-read fails, and fails on an empty file at first', () => {
    let now = 0;
    let content: string | Error = 'one';
    const read = (): string => {
      if (content instanceof Error) throw content;
      return content;
    };
    const credentials = tokenFileCredentials('/t', { now: () => now }, 1000, read);
    content = new Error('ENOENT');
    now = 1000;
    assert.equal(credentials.authorization(), 'Bearer one');
    content = 'two';
    now = 2000;
    assert.equal(credentials.authorization(), 'Bearer two');
    assert.throws(
      () => tokenFileCredentials('/empty', { now: () => 0 }, 1000, () => ' \n'),
      /token file \/empty is empty/,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
