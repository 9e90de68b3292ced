import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container } from '../../../../../src/api/types/pod.ts';
import type { ImageCatalogue } from '../../../../../src/runtime/local/images/catalogue.ts';
import {
  isLaunchProblem,
  planLaunch,
  type LaunchPlan,
} from '../../../../../src/runtime/local/pods/container-launch.ts';

const catalogue: ImageCatalogue = {
  entries: new Map([
    [
      'team/api:1.2',
      {
        command: ['/opt/api/bin/api'],
        args: ['--serve'],
        env: { MODE: 'image', LEVEL: 'info' },
        workingDir: '/opt/api',
      },
    ],
    ['team/tool', { args: ['/usr/bin/tool', '--default'] }],
  ]),
};
const pod = {
  name: 'api-abc-xyz12',
  namespace: 'shop',
  labels: { app: 'api' },
  annotations: { team: 'blue' },
  ip: '127.0.0.1',
};
const runtimeEnv = { PORT: '41000', SLUICE_POD_NAME: 'api-abc-xyz12' };
const hostEnv = { PATH: '/usr/bin', HOME: '/home/me' };

function plan(container: Partial<Container>): LaunchPlan {
  const result = planLaunch({ container: { name: 'c', ...container }, catalogue, pod, runtimeEnv, hostEnv });
  assert.ok(!isLaunchProblem(result), isLaunchProblem(result) ? result.message : '');
  return result;
}

const commands: Array<[string, Partial<Container>, string[]]> = [
  ['image only: entrypoint and default args', { image: 'team/api:1.2' }, ['/opt/api/bin/api', '--serve']],
  ['args replace the default args', { image: 'team/api:1.2', args: ['--debug'] }, ['/opt/api/bin/api', '--debug']],
  [
    'command replaces the entrypoint and drops the default args',
    { image: 'team/api:1.2', command: ['/bin/sh', '-c'], args: ['echo hi'] },
    ['/bin/sh', '-c', 'echo hi'],
  ],
  ['command alone needs no catalogue entry', { image: 'nowhere/else:1', command: ['/bin/true'] }, ['/bin/true']],
  ['an untagged entry matches every tag', { image: 'team/tool:9.9' }, ['/usr/bin/tool', '--default']],
  ['docker.io prefixes are ignored', { image: 'docker.io/team/api:1.2' }, ['/opt/api/bin/api', '--serve']],
  [
    '$(VAR) references are expanded',
    {
      command: ['/bin/app', '--port=$(PORT)', '--pod=$(POD)'],
      env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    },
    ['/bin/app', '--port=41000', '--pod=api-abc-xyz12'],
  ],
];
for (const [name, container, argv] of commands) {
  test(`planLaunch: ${name}`, () => {
    const result = plan(container);
    assert.deepEqual([result.program, ...result.args], argv);
  });
}

test('planLaunch: environment precedence is host < image < container < runtime', () => {
  const result = plan({
    image: 'team/api:1.2',
    env: [
      { name: 'MODE', value: 'container' },
      { name: 'PATH', value: '/custom' },
      { name: 'PORT', value: '5000' },
      { name: 'TEAM', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['team']" } } },
    ],
  });
  assert.equal(result.env['MODE'], 'container');
  assert.equal(result.env['LEVEL'], 'info');
  assert.equal(result.env['PATH'], '/custom');
  assert.equal(result.env['HOME'], '/home/me');
  assert.equal(result.env['PORT'], '41000');
  assert.equal(result.env['TEAM'], 'blue');
  assert.equal(result.cwd, '/opt/api');
});

test('planLaunch: an unknown image is ImageNotInCatalogue with an example entry', () => {
  const result = planLaunch({ container: { name: 'web', image: 'acme/web:3' }, catalogue, pod, runtimeEnv, hostEnv });
  assert.ok(isLaunchProblem(result));
  assert.equal(result.reason, 'ImageNotInCatalogue');
  assert.match(
    result.message,
    /image "acme\/web:3" is not in the image catalogue[\s\S]*--images FILE[\s\S]*"acme\/web:3":\n  command: \[/,
  );
});

test('planLaunch: neither image nor command, a missing Secret, or an unsupported valueFrom, is CreateContainerConfigError', () => {
  const noCommand = planLaunch({ container: { name: 'x' }, catalogue, pod, runtimeEnv, hostEnv });
  assert.ok(isLaunchProblem(noCommand) && noCommand.reason === 'CreateContainerConfigError');
  const secret = planLaunch({
    container: {
      name: 'x',
      command: ['/bin/true'],
      env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    },
    catalogue,
    pod,
    runtimeEnv,
    hostEnv,
  });
  assert.ok(isLaunchProblem(secret));
  assert.equal(secret.reason, 'CreateContainerConfigError');
  assert.match(secret.message, /^secret "s" not found \(env TOKEN of container "x"\)/);
  const resource = planLaunch({
    container: {
      name: 'x',
      command: ['/bin/true'],
      env: [{ name: 'KEY', valueFrom: { fileKeyRef: { path: 'a.env', key: 'k', volumeName: 'v' } } }],
    },
    catalogue,
    pod,
    runtimeEnv,
    hostEnv,
  });
  assert.ok(isLaunchProblem(resource));
  assert.match(resource.message, /^env KEY of container "x": valueFrom fileKeyRef is not available/);
});

test('planLaunch: an image neither catalogued nor among the engine images is ErrImageNeverPull with how to make it local', () => {
  const result = planLaunch({
    container: { name: 'web', image: 'acme/web:3' },
    catalogue,
    pod,
    runtimeEnv,
    hostEnv,
    engineImage: { engine: { name: 'podman', program: '/usr/bin/podman' }, present: false },
  });
  assert.ok(isLaunchProblem(result));
  assert.equal(result.reason, 'ErrImageNeverPull');
  assert.match(result.message, /never pulls[\s\S]*"podman build -t acme\/web:3 DIR" or "podman load -i FILE\.tar"/);
});

test('planLaunch: without an engine the message says why no engine runs the image', () => {
  const result = planLaunch({
    container: { name: 'web', image: 'acme/web:3' },
    catalogue,
    pod,
    runtimeEnv,
    hostEnv,
    engineImage: { engine: undefined, missing: 'no podman found on PATH (install podman)', present: false },
  });
  assert.ok(isLaunchProblem(result) && result.reason === 'ImageNotInCatalogue');
  assert.match(result.message, /not in the image catalogue and no podman found on PATH \(install podman\)/);
});
