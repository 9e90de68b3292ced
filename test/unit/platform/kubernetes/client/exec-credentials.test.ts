import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execCredentials, type ExecRunner } from '../../../../../src/platform/kubernetes/client/exec-credentials.ts';

const exec = {
  command: 'plugin',
  args: ['get-token'],
  env: [{ name: 'REGION', value: 'eu' }],
  apiVersion: 'client.authentication.k8s.io/v1',
};

function scripted(outputs: { code?: number; stdout?: string; stderr?: string }[]) {
  const calls: { command: string; args: string[]; env: Record<string, string> }[] = [];
  const run: ExecRunner = async (command, args, env) => {
    calls.push({ command, args, env });
    const next = outputs.shift() ?? {};
    return { code: next.code ?? 0, stdout: next.stdout ?? '', stderr: next.stderr ?? '' };
  };
  return { run, calls };
}

const credential = (token: string, expirationTimestamp?: string) =>
  JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token, ...(expirationTimestamp ? { expirationTimestamp } : {}) },
  });

describe('exec credential plugins', () => {
  it('runs the plugin once, shares the answer, and renews 10 s before expiry', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { run, calls } = scripted([
      { stdout: credential('one', '2026-01-01T00:15:00Z') },
      { stdout: credential('two') },
    ]);
    const credentials = execCredentials(exec, {
      timers: { now: () => now },
      baseDir: '/cfg',
      owner: 'user u',
      env: { HOME: '/h' },
      run,
    });
    const [a, b] = await Promise.all([credentials.authorization(), credentials.authorization()]);
    assert.deepEqual([a, b], ['Bearer one', 'Bearer one']);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.env['REGION'], 'eu');
    assert.equal(calls[0]!.env['HOME'], '/h');
    assert.deepEqual(JSON.parse(calls[0]!.env['KUBERNETES_EXEC_INFO']!), {
      apiVersion: exec.apiVersion,
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    now = Date.parse('2026-01-01T00:14:49Z');
    assert.equal(await credentials.authorization(), 'Bearer one');
    now = Date.parse('2026-01-01T00:14:50Z');
    assert.equal(await credentials.authorization(), 'Bearer two');
    assert.equal(calls.length, 2);
  });

  it('invalidate() (after a 401) makes the next request run the plugin again', async () => {
    const { run, calls } = scripted([{ stdout: credential('one') }, { stdout: credential('two') }]);
    const credentials = execCredentials(exec, {
      timers: { now: () => 0 },
      baseDir: '/cfg',
      owner: 'user u',
      env: {},
      run,
    });
    assert.equal(await credentials.authorization(), 'Bearer one');
    assert.equal(await credentials.authorization(), 'Bearer one');
    assert.equal(credentials.invalidate?.(), true);
    assert.equal(await credentials.authorization(), 'Bearer two');
    assert.equal(calls.length, 2);
  });

  it('resolves a command with a slash against the kubeconfig folder', async () => {
    const { run, calls } = scripted([{ stdout: credential('t') }]);
    await execCredentials(
      { ...exec, command: './bin/plugin' },
      { timers: { now: () => 0 }, baseDir: '/cfg', owner: 'u', env: {}, run },
    ).authorization();
    assert.equal(calls[0]!.command, '/cfg/bin/plugin');
  });

  const failures: [string, { code?: number; stdout?: string; stderr?: string }, RegExp][] = [
    [
      'a failing plugin',
      { code: 2, stderr: 'not logged in\n' },
      /: user u: the exec credential plugin "plugin" failed \(exit 2\): not logged in$/,
    ],
    ['output that is not JSON', { stdout: 'token: x' }, /did not print an ExecCredential/],
    ['no token', { stdout: '{"status":{}}' }, /returned no token/],
    [
      'a client certificate',
      { stdout: '{"status":{"clientCertificateData":"x","clientKeyData":"y"}}' },
      /returned a client certificate, which sluice does not support yet/,
    ],
  ];
  for (const [what, output, message] of failures) {
    it(`${what} is a clear error, and the next call tries again`, async () => {
      const { run, calls } = scripted([output, { stdout: credential('ok') }]);
      const credentials = execCredentials(exec, {
        timers: { now: () => 0 },
        baseDir: '/cfg',
        owner: 'user u',
        env: {},
        run,
      });
      await assert.rejects(async () => credentials.authorization(), message);
      assert.equal(await credentials.authorization(), 'Bearer ok');
      assert.equal(calls.length, 2);
    });
  }
});
