// kubectl's connection flags (--server, --token, TLS files): they pick the cluster, and replace
// what the kube context gives, as kubectl's and Argo's plugin's do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bareConnection, withOverrides } from '../../../../src/cli/target/connection-overrides.ts';
import { chooseTarget, type TargetFlags } from '../../../../src/cli/target/select-target.ts';
import {
  bearerToken,
  impersonationHeaders,
  type Connection,
} from '../../../../src/platform/kubernetes/client/connection.ts';

const none: TargetFlags = { local: false, stateDir: undefined, kubeconfig: undefined, context: undefined };
const context: Connection = {
  server: 'https://10.0.0.1:6443',
  tls: { ca: Buffer.from('context-ca'), insecureSkipTlsVerify: false },
  credentials: bearerToken('context-token'),
  namespace: 'team',
  description: 'context dev in /k',
};
const files: Record<string, string> = { '/ca.pem': 'flag-ca', '/cert.pem': 'flag-cert', '/key.pem': 'flag-key' };
const read = (file: string): Buffer => {
  const text = files[file];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return Buffer.from(text);
};

describe('connection flags', () => {
  it('--server or --token picks the cluster over a running local runtime, and says which flag did', () => {
    const choice = chooseTarget({ ...none, overrides: { token: 't' } }, {}, () => true);
    assert.deepEqual([choice.kind, choice.reason], ['cluster', '--token']);
    assert.equal(chooseTarget({ ...none, overrides: { insecureSkipTlsVerify: false } }, {}, () => true).kind, 'local');
    assert.equal(chooseTarget({ ...none, overrides: { user: 'admin' } }, {}, () => true).reason, '--user');
    assert.equal(chooseTarget({ ...none, overrides: { cluster: 'prod' } }, {}, () => true).reason, '--cluster');
    assert.throws(
      () => chooseTarget({ ...none, local: true, overrides: { server: 'https://x' } }, {}, () => false),
      /--local\/--state-dir and --server name different targets/,
    );
  });

  it('replace the server, the token and the TLS material of the context', () => {
    const changed = withOverrides(
      context,
      {
        server: 'https://api.example:443/',
        token: 'flag-token',
        certificateAuthority: '/ca.pem',
        clientCertificate: '/cert.pem',
        clientKey: '/key.pem',
        tlsServerName: 'api',
      },
      read,
    );
    assert.equal(changed.server, 'https://api.example:443');
    assert.equal(changed.credentials.authorization(), 'Bearer flag-token');
    assert.deepEqual(
      [changed.tls.ca?.toString(), changed.tls.cert?.toString(), changed.tls.key?.toString(), changed.tls.serverName],
      ['flag-ca', 'flag-cert', 'flag-key', 'api'],
    );
    assert.equal(changed.namespace, 'team');
    assert.equal(withOverrides(context, {}, read).credentials.authorization(), 'Bearer context-token');
  });

  it('--insecure-skip-tls-verify drops the CA, as kubectl', () => {
    const insecure = withOverrides(context, { insecureSkipTlsVerify: true }, read);
    assert.deepEqual([insecure.tls.insecureSkipTlsVerify, insecure.tls.ca], [true, undefined]);
  });

  it('--server alone is a connection without any kubeconfig, in namespace default', () => {
    const bare = bareConnection({ server: 'https://127.0.0.1:6443', token: 't', insecureSkipTlsVerify: true });
    assert.deepEqual(
      [bare?.server, bare?.namespace, bare?.credentials.authorization(), bare?.description],
      ['https://127.0.0.1:6443', 'default', 'Bearer t', 'server https://127.0.0.1:6443 given with --server'],
    );
    assert.equal(bareConnection({ token: 't' }), undefined);
  });

  it('says what is wrong with a flag in one sentence', () => {
    assert.throws(() => withOverrides(context, { certificateAuthority: '/nope.pem' }, read), {
      message: 'cannot read /nope.pem given with --certificate-authority: ENOENT',
    });
    assert.throws(
      () =>
        withOverrides({ ...context, tls: { insecureSkipTlsVerify: false } }, { clientCertificate: '/cert.pem' }, read),
      /give --client-certificate and --client-key together/,
    );
    assert.throws(
      () => withOverrides(context, { server: '10.0.0.1:6443' }, read),
      /--server must be a URL such as https:\/\/127\.0\.0\.1:6443, not "10\.0\.0\.1:6443"/,
    );
  });
});

describe('impersonation flags (--as, --as-group, --as-uid)', () => {
  it("pick the cluster, as kubectl's, and say which flag did", () => {
    assert.equal(chooseTarget({ ...none, overrides: { as: 'jane' } }, {}, () => true).reason, '--as');
    assert.equal(
      chooseTarget({ ...none, overrides: { asGroups: [] } }, {}, () => true).kind,
      'local',
      'no group given is no flag',
    );
  });

  it('become the Impersonate-* headers of every request, one Impersonate-Group line per group', () => {
    const changed = withOverrides(context, { as: 'jane', asGroups: ['team-a', 'team-b'], asUid: '42' }, read);
    assert.deepEqual(changed.impersonate, { user: 'jane', groups: ['team-a', 'team-b'], uid: '42' });
    assert.deepEqual(impersonationHeaders(changed.impersonate), {
      'Impersonate-User': 'jane',
      'Impersonate-Group': ['team-a', 'team-b'],
      'Impersonate-Uid': '42',
    });
    assert.deepEqual(impersonationHeaders(withOverrides(context, { as: 'jane', asGroups: [] }, read).impersonate), {
      'Impersonate-User': 'jane',
    });
    assert.equal(withOverrides(context, {}, read).impersonate, undefined);
    assert.deepEqual(impersonationHeaders(undefined), {});
  });

  it("merge into the kube context's own impersonation as kubectl does: each flag given replaces its field", () => {
    const acting: Connection = {
      ...context,
      impersonate: { user: 'ops', groups: ['team-a'], uid: '7', extra: { scopes: ['view'] } },
    };
    assert.deepEqual(withOverrides(acting, {}, read).impersonate, acting.impersonate);
    assert.deepEqual(withOverrides(acting, { as: 'jane' }, read).impersonate, {
      user: 'jane',
      groups: ['team-a'],
      uid: '7',
      extra: { scopes: ['view'] },
    });
    assert.deepEqual(withOverrides(acting, { asGroups: ['team-b'], asUid: '8' }, read).impersonate, {
      user: 'ops',
      groups: ['team-b'],
      uid: '8',
      extra: { scopes: ['view'] },
    });
  });

  it('send extra fields as Impersonate-Extra-<key> lines, the key %-encoded as client-go does', () => {
    assert.deepEqual(
      impersonationHeaders({
        user: 'jane',
        groups: [],
        extra: { scopes: ['view', 'edit'], 'example.com/équipe': ['ops'], 'a%b c': ['x'], empty: [] },
      }),
      {
        'Impersonate-User': 'jane',
        'Impersonate-Extra-scopes': ['view', 'edit'],
        'Impersonate-Extra-example.com%2F%C3%A9quipe': ['ops'],
        'Impersonate-Extra-a%25b%20c': ['x'],
      },
    );
  });

  it('refuse a group or uid without a user, saying to add --as', () => {
    assert.throws(
      () => withOverrides(context, { asGroups: ['team-a'] }, read),
      /^UsageError: --as-group needs --as: .*add --as USER$/,
    );
    assert.throws(() => withOverrides(context, { asUid: '42' }, read), /^UsageError: --as-uid needs --as/);
  });
});
