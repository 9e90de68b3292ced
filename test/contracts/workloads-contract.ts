// The contract of Workloads, the port the engine's ReplicaSet and pod actions are carried out
// through (src/runtime/workloads.ts): a created ReplicaSet is observed with its hash, revision,
// annotations and template (without the hash label); creating it again leaves it as it is;
// scaling is followed by pods counted current, ready and available; metadata changes reach the
// ReplicaSet and its pod template; a deleted ReplicaSet leaves observe(). Calls return once the
// change is accepted, so every clause waits for observe() to show it. Every implementation runs
// it; a clause it cannot honour goes in `skips` with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PodTemplateSpec } from '../../src/api/types/pod.ts';
import type { ObservedReplicaSet } from '../../src/engine/types.ts';
import type { Workloads } from '../../src/runtime/workloads.ts';
import { pollUntil } from '../controlplane/poll.ts';

export interface WorkloadsSubject {
  workloads: Workloads;
  /** A pod template (labels `app: web`) whose pods become ready on their own, with the hash label. */
  template(hash: string): PodTemplateSpec;
  /** Ends everything the subject started. */
  close(): Promise<void>;
}

export type WorkloadsClause = 'create' | 'create-twice' | 'scale' | 'scale-annotations' | 'metadata' | 'delete';

export interface WorkloadsContractOptions {
  name: string;
  create(): Promise<WorkloadsSubject>;
  skips?: Partial<Record<WorkloadsClause, string>>;
  /** How long pods may take to follow a change; default 30 s. */
  timeoutMs?: number;
}

const HASH = 'c0ffee12';
const NAME = `web-${HASH}`;
const REVISION = 'rollout.argoproj.io/revision';

export function runWorkloadsContract(options: WorkloadsContractOptions): void {
  const skips = options.skips ?? {};
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clause = (id: WorkloadsClause, title: string, body: (subject: WorkloadsSubject) => Promise<void>) => {
    const reason = skips[id];
    if (reason) {
      test(title, { skip: reason }, () => {});
      return;
    }
    test(title, { timeout: timeoutMs * 4 }, async () => {
      const subject = await options.create();
      try {
        await body(subject);
      } finally {
        await subject.close();
      }
    });
  };
  const observed = (
    subject: WorkloadsSubject,
    what: string,
    check: (rs: ObservedReplicaSet | undefined) => boolean,
  ): Promise<ObservedReplicaSet | true> =>
    pollUntil(
      async () => {
        const found = (await subject.workloads.observe()).find((rs) => rs.name === NAME);
        return check(found) ? (found ?? true) : undefined;
      },
      { what: `${what} (ReplicaSet ${NAME})`, timeoutMs, intervalMs: 100 },
    );
  const create = (subject: WorkloadsSubject, replicas: number) =>
    subject.workloads.createReplicaSet({
      name: NAME,
      podTemplateHash: HASH,
      revision: 3,
      replicas,
      template: subject.template(HASH),
      annotations: { [REVISION]: '3', 'example.com/kept': 'yes' },
    });

  describe(`Workloads contract: ${options.name}`, () => {
    clause(
      'create',
      'a created ReplicaSet is observed with its hash, revision, annotations and template without the hash label',
      async (subject) => {
        await create(subject, 0);
        const rs = (await observed(
          subject,
          'the ReplicaSet to be observed',
          (found) => found !== undefined,
        )) as ObservedReplicaSet;
        assert.equal(rs.podTemplateHash, HASH);
        assert.equal(rs.revision, 3);
        assert.equal(rs.replicas, 0);
        assert.equal(rs.currentReplicas, 0);
        assert.equal(rs.annotations[REVISION], '3');
        assert.equal(rs.annotations['example.com/kept'], 'yes');
        assert.deepEqual(rs.template.metadata?.labels, { app: 'web' });
        assert.ok(rs.createdAt > 0, 'createdAt is set');
      },
    );

    clause('create-twice', 'creating a ReplicaSet that exists leaves it as it is', async (subject) => {
      await create(subject, 0);
      await observed(subject, 'the ReplicaSet to be observed', (found) => found !== undefined);
      await subject.workloads.createReplicaSet({
        name: NAME,
        podTemplateHash: HASH,
        revision: 4,
        replicas: 2,
        template: subject.template(HASH),
        annotations: { [REVISION]: '4' },
      });
      const all = (await subject.workloads.observe()).filter((rs) => rs.name === NAME);
      assert.equal(all.length, 1);
      assert.equal(all[0]?.replicas, 0);
      assert.equal(all[0]?.revision, 3);
    });

    clause(
      'scale',
      'scaled up, its pods are counted current, ready and available; scaled down, they go',
      async (subject) => {
        await create(subject, 0);
        await observed(subject, 'the ReplicaSet to be observed', (found) => found !== undefined);
        await subject.workloads.scaleReplicaSet(NAME, 2);
        const up = (await observed(
          subject,
          'two available pods',
          (rs) => rs?.availableReplicas === 2,
        )) as ObservedReplicaSet;
        assert.equal(up.replicas, 2);
        assert.equal(up.currentReplicas, 2);
        assert.equal(up.readyReplicas, 2);
        if (up.pods) assert.equal(up.pods.filter((pod) => !pod.terminating).length, 2);
        await subject.workloads.scaleReplicaSet(NAME, 0);
        const down = (await observed(
          subject,
          'no pods left',
          (rs) => rs?.currentReplicas === 0 && rs.readyReplicas === 0,
        )) as ObservedReplicaSet;
        assert.equal(down.replicas, 0);
        assert.equal(down.availableReplicas, 0);
      },
    );

    clause('scale-annotations', 'scaling sets and removes the annotations given with it', async (subject) => {
      await create(subject, 0);
      await observed(subject, 'the ReplicaSet to be observed', (found) => found !== undefined);
      await subject.workloads.scaleReplicaSet(NAME, 1, { 'scale-down-deadline': '2026-01-01T00:00:00Z' });
      await observed(
        subject,
        'the scale-down-deadline annotation',
        (rs) => rs?.replicas === 1 && rs.annotations['scale-down-deadline'] === '2026-01-01T00:00:00Z',
      );
      await subject.workloads.scaleReplicaSet(NAME, 0, { 'scale-down-deadline': null });
      const rs = (await observed(
        subject,
        'the annotation removed',
        (found) => found?.replicas === 0 && found.annotations['scale-down-deadline'] === undefined,
      )) as ObservedReplicaSet;
      assert.equal(rs.annotations['example.com/kept'], 'yes', 'other annotations are kept');
    });

    clause(
      'metadata',
      'metadata changes reach the ReplicaSet annotations and its pod template, and null removes',
      async (subject) => {
        await create(subject, 0);
        await observed(subject, 'the ReplicaSet to be observed', (found) => found !== undefined);
        await subject.workloads.updateReplicaSetMetadata(NAME, {
          annotations: { 'example.com/added': 'a', 'example.com/kept': null },
          podLabels: { role: 'canary' },
          podAnnotations: { 'example.com/pod': 'p' },
        });
        const rs = (await observed(
          subject,
          'the metadata change',
          (found) =>
            found?.annotations['example.com/added'] === 'a' && found.template.metadata?.labels?.['role'] === 'canary',
        )) as ObservedReplicaSet;
        assert.equal(rs.annotations['example.com/kept'], undefined);
        assert.equal(rs.annotations[REVISION], '3', 'annotations not named are kept');
        assert.deepEqual(rs.template.metadata?.labels, { app: 'web', role: 'canary' });
        assert.equal(rs.template.metadata?.annotations?.['example.com/pod'], 'p');
        await subject.workloads.updateReplicaSetMetadata(NAME, { podLabels: { role: null } });
        await observed(
          subject,
          'the pod label removed',
          (found) => found?.template.metadata?.labels?.['role'] === undefined,
        );
      },
    );

    clause('delete', 'a deleted ReplicaSet leaves observe(), and deleting it again is no error', async (subject) => {
      await create(subject, 1);
      await observed(subject, 'one available pod', (rs) => rs?.availableReplicas === 1);
      await subject.workloads.deleteReplicaSet(NAME);
      await observed(subject, 'the ReplicaSet to be gone', (rs) => rs === undefined);
      await subject.workloads.deleteReplicaSet(NAME);
    });
  });
}
