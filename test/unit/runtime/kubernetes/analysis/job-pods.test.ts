// Reading an analysis Job's pods as Argo does: which waiting reasons are terminal, init
// containers included, and the selector the pods are listed with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jobPodSelector,
  terminalWaiting,
  type JobPod,
} from '../../../../../src/runtime/kubernetes/analysis/job-pods.ts';

function pod(name: string, waiting: { init?: [string, string]; main?: [string, string] }): JobPod {
  const status = (entry?: [string, string]) =>
    entry ? [{ name: entry[0], state: { waiting: { reason: entry[1], message: `${entry[1]} for ${entry[0]}` } } }] : [];
  return {
    metadata: { name },
    status: { initContainerStatuses: status(waiting.init), containerStatuses: status(waiting.main) },
  };
}

describe('terminalWaiting', () => {
  it('finds a container waiting with ErrImagePull, ImagePullBackOff or InvalidImageName', () => {
    for (const reason of ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']) {
      assert.deepEqual(terminalWaiting([pod('p', { main: ['check', reason] })]), {
        pod: 'p',
        container: 'check',
        reason,
        message: `${reason} for check`,
      });
    }
  });

  it('ignores reasons that clear by themselves', () => {
    for (const reason of ['ContainerCreating', 'PodInitializing', 'CrashLoopBackOff', 'CreateContainerConfigError']) {
      assert.equal(terminalWaiting([pod('p', { main: ['check', reason] })]), undefined, reason);
    }
    assert.equal(terminalWaiting([{ metadata: { name: 'p' } }]), undefined);
  });

  it('looks at init containers first, and at every pod', () => {
    assert.equal(
      terminalWaiting([pod('p', { init: ['setup', 'ErrImagePull'], main: ['check', 'ImagePullBackOff'] })])?.container,
      'setup',
    );
    assert.equal(
      terminalWaiting([
        pod('a', { main: ['check', 'ContainerCreating'] }),
        pod('b', { main: ['check', 'InvalidImageName'] }),
      ])?.pod,
      'b',
    );
  });
});

describe('jobPodSelector', () => {
  it("is the Job's spec.selector", () => {
    const job = {
      metadata: { name: 'j', uid: 'u1' },
      spec: {
        selector: {
          matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a', 'b'] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        },
      },
    };
    assert.equal(jobPodSelector(job), 'batch.kubernetes.io/controller-uid=u1,tier in (a,b),!canary');
  });

  it('is the controller-uid label when the Job has no selector yet', () => {
    assert.equal(jobPodSelector({ metadata: { name: 'j', uid: 'u2' } }), 'batch.kubernetes.io/controller-uid=u2');
  });
});
