import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import {
  rolloutSpecProblems,
  specProblemsOnce,
  type SpecCheckMemory,
} from '../../../../../src/runtime/kubernetes/rollouts/spec-validation.ts';

function fromApiServer(strategy: unknown, extraSpec: Record<string, unknown> = {}): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'web',
      namespace: 'ns',
      uid: 'u1',
      resourceVersion: '7',
      generation: 2,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      strategy: strategy as Rollout['spec']['strategy'],
      ...extraSpec,
    },
    status: { phase: 'Healthy', observedGeneration: '1' },
  } as Rollout;
}

test('a valid rollout as the API server holds it (uid, managedFields, status) has no problems', () => {
  assert.deepEqual(
    rolloutSpecProblems(fromApiServer({ canary: { steps: [{ setWeight: 20 }, { pause: { duration: '10s' } }] } })),
    [],
  );
});

const invalid: Array<{ name: string; rollout: Rollout; path: RegExp }> = [
  {
    name: 'an unknown field',
    rollout: fromApiServer({ canary: { stepz: [] } }),
    path: /^spec\.strategy\.canary\.stepz: /,
  },
  {
    name: 'a pause duration that is not a duration',
    rollout: fromApiServer({ canary: { steps: [{ pause: { duration: 'soon' } }] } }),
    path: /^spec\.strategy\.canary\.steps\[0\]\.pause\.duration: /,
  },
  {
    name: 'a weight above 100',
    rollout: fromApiServer({ canary: { steps: [{ setWeight: 120 }] } }),
    path: /^spec\.strategy\.canary\.steps\[0\]\.setWeight: /,
  },
  // The CRDs keep container resources as written (as Argo's do), so a malformed quantity reaches the controller.
  {
    name: 'a malformed resource quantity',
    rollout: withResources({ requests: { memory: 'invalid' } }),
    path: /^spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory: must be a quantity/,
  },
];

function withResources(resources: unknown): Rollout {
  const rollout = fromApiServer({ canary: {} });
  rollout.spec.template!.spec!.containers[0]!.resources = resources as never;
  return rollout;
}

test('resource quantities the API server stores as numbers (cpu: 0.5, cpu: 1) are valid', () => {
  assert.deepEqual(
    rolloutSpecProblems(withResources({ requests: { cpu: 0.5, memory: 134217728 }, limits: { cpu: 1 } })),
    [],
  );
});

for (const { name, rollout, path } of invalid) {
  test(`${name}: reported with its field path`, () => {
    const problems = rolloutSpecProblems(rollout);
    assert.ok(
      problems.some((problem) => path.test(problem)),
      `expected a problem at ${path}, got ${JSON.stringify(problems)}`,
    );
  });
}

test('the Services, templates and VirtualService a rollout names are not looked for among the objects checked (the controller reads them from its caches)', () => {
  const rollout = fromApiServer({
    canary: {
      canaryService: 'web-canary',
      stableService: 'web-stable',
      trafficRouting: { istio: { virtualService: { name: 'web-vs', routes: ['primary'] } } },
      steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }],
    },
  });
  assert.deepEqual(rolloutSpecProblems(rollout), []);
});

test('problems are worded as `path: message`, errors only', () => {
  const problems = rolloutSpecProblems(fromApiServer({ canary: { steps: [{ setWeight: 120 }] } }));
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /^spec\.strategy\.canary\.steps\[0\]\.setWeight: [^:]/);
});

test('the spec is checked once per generation: passes that follow a status write reuse the answer', () => {
  let calls = 0;
  const counting = (rollout: Rollout): string[] => {
    calls += 1;
    return rolloutSpecProblems(rollout);
  };
  const memory: SpecCheckMemory = {};
  const check = specProblemsOnce(memory, counting);
  const invalid = fromApiServer({ canary: { steps: [{ setWeight: 120 }] } });
  const first = check(invalid);
  assert.equal(first.length, 1);
  // The pass appends its own problems to the list: the remembered one is not changed by that.
  first.push('a reference problem of this pass');
  // The same generation again, with a new resourceVersion and status (a status write in between).
  const afterStatusWrite = {
    ...invalid,
    metadata: { ...invalid.metadata, resourceVersion: '8' },
    status: { phase: 'Degraded' },
  } as Rollout;
  assert.deepEqual(check(afterStatusWrite), [first[0]]);
  assert.equal(calls, 1, 'a second pass over the same generation checked the spec again');

  // A new generation (the spec fixed) is checked.
  const fixed = fromApiServer({ canary: { steps: [{ setWeight: 20 }] } });
  fixed.metadata.generation = 3;
  assert.deepEqual(check(fixed), []);
  assert.equal(calls, 2);
  // So is a change of labels or annotations, which leaves the generation as it was.
  const labelled = { ...fixed, metadata: { ...fixed.metadata, labels: { team: 'web' } } } as Rollout;
  check(labelled);
  assert.equal(calls, 3);
  check(labelled);
  assert.equal(calls, 3);
});

test('a Rollout without uid or generation (not from an API server) is checked every time', () => {
  let calls = 0;
  const check = specProblemsOnce({}, () => {
    calls += 1;
    return [];
  });
  const rollout = fromApiServer({ canary: { steps: [] } });
  delete rollout.metadata.generation;
  check(rollout);
  check(rollout);
  assert.equal(calls, 2);
});
