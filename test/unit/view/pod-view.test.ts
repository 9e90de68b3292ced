// Pod status reasons, as kubectl derives them, and the glyph kind each reads as.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podView } from '../../../src/view/pod-view.ts';
import type { Pod, PodContainerStatus } from '../../../src/view/inputs.ts';
import type { StatusKind } from '../../../src/view/model.ts';

const NOW = Date.parse('2026-03-10T12:00:00Z');

function podWith(
  containers: PodContainerStatus[],
  extra: {
    init?: PodContainerStatus[];
    initSpecs?: Array<{ name: string; restartPolicy?: string }>;
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    reason?: string;
    deleting?: boolean;
  } = {},
): Pod {
  return {
    metadata: {
      name: 'p',
      creationTimestamp: '2026-03-10T11:59:00Z',
      ...(extra.deleting ? { deletionTimestamp: '2026-03-10T11:59:59Z' } : {}),
    },
    spec: {
      containers: containers.map((c) => ({ name: c.name })),
      ...(extra.initSpecs ? { initContainers: extra.initSpecs } : {}),
    },
    status: {
      phase: extra.phase ?? 'Running',
      ...(extra.reason ? { reason: extra.reason } : {}),
      containerStatuses: containers,
      ...(extra.init ? { initContainerStatuses: extra.init } : {}),
    },
  };
}

const running = (name = 'app', restartCount = 0): PodContainerStatus => ({
  name,
  ready: true,
  restartCount,
  state: { running: {} },
});
const waiting = (reason: string, restartCount = 0): PodContainerStatus => ({
  name: 'app',
  ready: false,
  restartCount,
  state: { waiting: { reason } },
});
const terminated = (exitCode: number, reason?: string, signal?: number): PodContainerStatus => ({
  name: 'app',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) } },
});

const table: Array<[string, Pod, string, StatusKind, string]> = [
  ['running and ready', podWith([running()]), 'Running', 'success', 'ready:1/1'],
  [
    'one of two ready',
    podWith([running('a'), { name: 'b', ready: false, restartCount: 0, state: { running: {} } }]),
    'Running',
    'success',
    'ready:1/2',
  ],
  [
    'container being created',
    podWith([waiting('ContainerCreating')], { phase: 'Pending' }),
    'ContainerCreating',
    'progressing',
    'ready:0/1',
  ],
  ['crash looping', podWith([waiting('CrashLoopBackOff', 7)]), 'CrashLoopBackOff', 'failure', 'ready:0/1,restarts:7'],
  [
    'image pull back-off',
    podWith([waiting('ImagePullBackOff')], { phase: 'Pending' }),
    'ImagePullBackOff',
    'warning',
    'ready:0/1',
  ],
  [
    'image pull error',
    podWith([waiting('ErrImagePull')], { phase: 'Pending' }),
    'ErrImagePull',
    'warning',
    'ready:0/1',
  ],
  [
    'config error',
    podWith([waiting('CreateContainerConfigError')], { phase: 'Pending' }),
    'CreateContainerConfigError',
    'warning',
    'ready:0/1',
  ],
  ['exited with a code', podWith([terminated(1)], { phase: 'Failed' }), 'ExitCode:1', 'failure', 'ready:0/1'],
  [
    'killed by a signal',
    podWith([terminated(137, undefined, 9)], { phase: 'Failed' }),
    'Signal:9',
    'failure',
    'ready:0/1',
  ],
  ['terminated with a reason', podWith([terminated(1, 'Error')], { phase: 'Failed' }), 'Error', 'warning', 'ready:0/1'],
  ['being deleted', podWith([running()], { deleting: true }), 'Terminating', 'progressing', 'ready:1/1'],
  [
    'deleted on a lost node',
    podWith([running()], { deleting: true, reason: 'NodeLost' }),
    'Unknown',
    'unknown',
    'ready:1/1',
  ],
  ['evicted', podWith([], { phase: 'Failed', reason: 'Evicted' }), 'Evicted', 'none', 'ready:0/0'],
  [
    'completed sidecar beside a running container',
    podWith([
      running('a'),
      { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ]),
    'Running',
    'success',
    'ready:1/2',
  ],
  [
    'waiting for its init container',
    podWith([waiting('PodInitializing')], {
      phase: 'Pending',
      initSpecs: [{ name: 'init' }],
      init: [{ name: 'init', ready: false, restartCount: 0, state: { running: {} } }],
    }),
    'Init:0/1',
    'progressing',
    'ready:0/1',
  ],
  [
    'init container failed and restarts',
    podWith([waiting('PodInitializing')], {
      phase: 'Pending',
      initSpecs: [{ name: 'init' }],
      init: [{ name: 'init', ready: false, restartCount: 2, state: { terminated: { exitCode: 1, reason: 'Error' } } }],
    }),
    'Init:Error',
    'progressing',
    'ready:0/1,restarts:2',
  ],
  [
    'init container crash looping',
    podWith([waiting('PodInitializing')], {
      phase: 'Pending',
      initSpecs: [{ name: 'init' }],
      init: [{ name: 'init', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    }),
    'Init:CrashLoopBackOff',
    'progressing',
    'ready:0/1,restarts:4',
  ],
  [
    'ready sidecar init container does not hold the pod',
    podWith([running()], {
      initSpecs: [{ name: 'proxy', restartPolicy: 'Always' }],
      init: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} } }],
    }),
    'Running',
    'success',
    'ready:1/1',
  ],
];

for (const [what, pod, reason, kind, info] of table) {
  test(`pod ${what}: ${reason}`, () => {
    const view = podView(pod, NOW);
    assert.equal(view.status.text, reason);
    assert.equal(view.status.kind, kind);
    assert.equal(view.info.join(','), info);
    assert.equal(view.age, '60s');
  });
}
