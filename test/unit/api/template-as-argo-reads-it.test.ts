import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateAsArgoReadsIt } from '../../../src/api/template-as-argo-reads-it.ts';
import type { PodTemplateSpec } from '../../../src/api/types/pod.ts';

// Argo's TestMalformedRollout and TestMalformedRolloutEphemeralCtr templates.
const malformed = (): PodTemplateSpec => ({
  metadata: { labels: { app: 'malformed-rollout' } },
  spec: {
    containers: [
      {
        name: 'malformed-rollout',
        image: 'argoproj/rollouts-demo:blue',
        resources: { requests: { memory: 'invalid' } },
      },
    ],
  },
});

describe('templateAsArgoReadsIt', () => {
  it('leaves a well-formed template as it is', () => {
    const template: PodTemplateSpec = {
      metadata: { labels: { app: 'a' } },
      spec: {
        containers: [
          { name: 'a', image: 'a:1', resources: { requests: { cpu: 0.001, memory: '16Mi' }, limits: { cpu: '1' } } },
        ],
      },
    };
    const read = templateAsArgoReadsIt(template);
    assert.equal(read.stoppedAt, undefined);
    assert.equal(read.template, template);
  });

  it('drops a malformed quantity (TestMalformedRollout)', () => {
    const read = templateAsArgoReadsIt(malformed());
    assert.deepEqual(read.stoppedAt, ['spec', 'containers', 0, 'resources', 'requests', 'memory']);
    assert.deepEqual(read.template, {
      metadata: { labels: { app: 'malformed-rollout' } },
      spec: {
        containers: [{ name: 'malformed-rollout', image: 'argoproj/rollouts-demo:blue', resources: { requests: {} } }],
      },
    });
  });

  it('stops there, as encoding/json does: what sorts after the quantity is lost (ephemeralContainers, later containers and fields)', () => {
    const template = malformed();
    template.spec!.containers[0]!.resources = {
      requests: { 'nvidia.com/gpu': '1', memory: 'invalid', cpu: '5m' },
      limits: { memory: '1Gi' },
    };
    template.spec!.containers[0]!.workingDir = '/app';
    template.spec!.containers.push({ name: 'sidecar', image: 'sidecar:1' });
    (template.spec as Record<string, unknown>)['ephemeralContainers'] = [
      {
        name: 'malformed-rollout',
        image: 'argoproj/rollouts-demo:blue',
        resources: { requests: { memory: 'invalid' } },
      },
    ];
    (template.spec as Record<string, unknown>)['dnsPolicy'] = 'ClusterFirst';
    (template.spec as Record<string, unknown>)['restartPolicy'] = 'Always';
    const read = templateAsArgoReadsIt(template);
    assert.deepEqual(read.template.spec, {
      containers: [
        {
          image: 'argoproj/rollouts-demo:blue',
          name: 'malformed-rollout',
          resources: { limits: { memory: '1Gi' }, requests: { cpu: '5m' } },
        },
      ],
    });
  });
});
