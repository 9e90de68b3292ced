// The contract of the rollout loop's reader and writer (src/runtime/rollouts/ports.ts): every
// implementation runs it (the in-memory fakes, the local store's ports, the cluster's), each clause
// it cannot honour listed in `skips` with the reason. A writer's effects are checked through the
// reader of the same runtime, once `settled` says the reader shows them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Rollout } from '../../src/api/types/rollout.ts';
import type { Experiment } from '../../src/api/types/experiment.ts';
import type { Action } from '../../src/engine/types.ts';
import type { NewAnalysisRun } from '../../src/runtime/analysis/rollout-run-object.ts';
import { analysisRunToCreate } from '../../src/runtime/rollouts/analysis-runs.ts';
import type { RolloutReader, RolloutWriter } from '../../src/runtime/rollouts/ports.ts';
import type { KnownObject } from '../../src/api/types/index.ts';
import type { Stored } from '../../src/platform/kubernetes/client/objects.ts';
import { canaryManifests } from '../scenarios/manifests.ts';

export interface RolloutPortsSubject {
  /** The namespace the objects live in. */
  namespace: string;
  reader: RolloutReader;
  /** The writer of one pass over `read`, the Rollout as that pass read it. */
  writer(read: Stored<Rollout>): RolloutWriter;
  /** Someone else creates or replaces objects (kubectl apply, sluice apply). */
  put(objects: KnownObject[]): Promise<void>;
  /** Someone else deletes an object. */
  remove(kind: 'Rollout' | 'Service' | 'AnalysisRun', name: string): Promise<void>;
  /** Resolves once the reader shows every write made so far (at once for a reader that is the store itself). */
  settled(): Promise<void>;
}

export type RolloutPortsClause =
  | 'selector'
  | 'release-destination-rule'
  | 'deployment-scale'
  | 'create-run'
  | 'terminate-run'
  | 'delete-run'
  | 'annotations'
  | 'status'
  | 'owned-runs'
  | 'experiments';

export interface RolloutPortsContractOptions {
  name: string;
  create(): Promise<RolloutPortsSubject>;
  skips?: Partial<Record<RolloutPortsClause, string>>;
}

const NAME = 'contract';

function stepRun(rollout: Stored<Rollout>, reader: RolloutReader, runName: string, template: string): NewAnalysisRun {
  const action: Extract<Action, { type: 'createAnalysisRun' }> = {
    type: 'createAnalysisRun',
    name: runName,
    kind: 'Step',
    podTemplateHash: 'abc',
    stepIndex: 1,
    analysis: { templates: [{ templateName: template }] },
    labels: { 'rollouts-pod-template-hash': 'abc', 'rollout-type': 'Step', 'step-index': '1' },
    annotations: { 'rollout.argoproj.io/revision': '2' },
  };
  return analysisRunToCreate(action, rollout, reader, Date.parse('2026-03-01T10:00:00Z'));
}

export function runRolloutPortsContract(options: RolloutPortsContractOptions): void {
  const skips = options.skips ?? {};
  const clause = (id: RolloutPortsClause, title: string, body: () => Promise<void>) => {
    const reason = skips[id];
    if (reason) test(title, { skip: reason }, () => {});
    else test(title, body);
  };
  /** A fresh subject holding a routed canary with a background analysis, and that Rollout as read. */
  const start = async (): Promise<{ subject: RolloutPortsSubject; rollout: Stored<Rollout> }> => {
    const subject = await options.create();
    await subject.put(
      canaryManifests({
        name: NAME,
        namespace: subject.namespace,
        steps: [{ setWeight: 20 }, { pause: {} }],
        traffic: 'istio-host',
        backgroundAnalysis: true,
      }),
    );
    await subject.settled();
    const rollout = subject.reader.get('Rollout', subject.namespace, NAME);
    assert.ok(rollout, 'the reader shows the Rollout applied');
    return { subject, rollout };
  };

  describe(`rollout loop reader and writer contract: ${options.name}`, () => {
    clause(
      'selector',
      'setServiceSelector adds or removes only the hash key and the managed-by annotation, and says when there is no Service',
      async () => {
        const { subject, rollout } = await start();
        const writer = subject.writer(rollout);
        const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';
        const stable = () => subject.reader.get('Service', subject.namespace, `${NAME}-stable`);
        assert.equal(await writer.setServiceSelector(subject.namespace, `${NAME}-stable`, 'abc123', NAME), true);
        await subject.settled();
        assert.deepEqual(stable()?.spec.selector, { app: NAME, 'rollouts-pod-template-hash': 'abc123' });
        assert.equal(stable()?.metadata.annotations?.[MANAGED_BY], NAME, 'the Service names the rollout managing it');
        assert.equal(await writer.setServiceSelector(subject.namespace, `${NAME}-stable`, '', NAME), true);
        await subject.settled();
        assert.deepEqual(stable()?.spec.selector, { app: NAME });
        assert.equal(stable()?.metadata.annotations?.[MANAGED_BY], undefined, 'a released Service names no rollout');
        assert.equal(await writer.setServiceSelector(subject.namespace, 'no-such-service', 'abc123', NAME), false);
      },
    );

    clause(
      'release-destination-rule',
      'releaseDestinationRule removes only the hash labels and managed-by annotation of a rule the rollout manages',
      async () => {
        const { subject, rollout } = await start();
        const HASH = 'rollouts-pod-template-hash';
        const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';
        const rule = (name: string, managedBy: string) =>
          ({
            apiVersion: 'networking.istio.io/v1beta1',
            kind: 'DestinationRule',
            metadata: { name, namespace: subject.namespace, annotations: { keep: 'me', [MANAGED_BY]: managedBy } },
            spec: {
              host: `${NAME}-root`,
              subsets: [
                { name: 'stable', labels: { app: NAME, [HASH]: 'aaa' } },
                { name: 'canary', labels: { app: NAME, [HASH]: 'bbb' } },
              ],
            },
          }) as KnownObject;
        await subject.put([rule(`${NAME}-dr`, NAME), rule('other-dr', 'other')]);
        await subject.settled();
        const writer = subject.writer(rollout);
        await writer.releaseDestinationRule(subject.namespace, `${NAME}-dr`, NAME);
        await writer.releaseDestinationRule(subject.namespace, 'other-dr', NAME);
        await writer.releaseDestinationRule(subject.namespace, 'no-such-rule', NAME);
        await subject.settled();
        const released = subject.reader.get('DestinationRule', subject.namespace, `${NAME}-dr`);
        assert.ok(released, 'the released rule is still there');
        assert.equal(released.metadata.annotations?.['keep'], 'me');
        assert.equal(released.metadata.annotations?.[MANAGED_BY], undefined);
        assert.deepEqual((released.spec as { subsets?: unknown }).subsets, [
          { name: 'stable', labels: { app: NAME } },
          { name: 'canary', labels: { app: NAME } },
        ]);
        const other = subject.reader.get('DestinationRule', subject.namespace, 'other-dr');
        assert.ok(other, 'the rule of another rollout is still there');
        assert.equal(
          other.metadata.annotations?.[MANAGED_BY],
          'other',
          'a rule another rollout manages is left as it is',
        );
        assert.equal(
          (other.spec as { subsets: Array<{ labels: Record<string, string> }> }).subsets[0]?.labels[HASH],
          'aaa',
        );
      },
    );

    clause(
      'deployment-scale',
      'scaleDeployment sets only spec.replicas of the workloadRef Deployment, and says when there is none',
      async () => {
        const { subject, rollout } = await start();
        const labels = { app: `${NAME}-legacy` };
        const template = {
          metadata: { labels },
          spec: { containers: [{ name: 'app', image: 'registry.local/app:1' }] },
        };
        await subject.put([
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: `${NAME}-legacy`, namespace: subject.namespace },
            spec: { replicas: 3, selector: { matchLabels: labels }, template },
          },
        ]);
        await subject.settled();
        const writer = subject.writer(rollout);
        assert.equal(await writer.scaleDeployment(subject.namespace, `${NAME}-legacy`, 1), true);
        await subject.settled();
        const scaled = subject.reader.get('Deployment', subject.namespace, `${NAME}-legacy`);
        assert.equal(scaled?.spec.replicas, 1);
        assert.deepEqual(scaled?.spec.selector, { matchLabels: labels });
        assert.equal(scaled?.spec.template.spec?.containers[0]?.image, 'registry.local/app:1');
        assert.equal(await writer.scaleDeployment(subject.namespace, 'no-such-deployment', 0), false);
      },
    );

    clause(
      'create-run',
      'createAnalysisRun creates the run with its status, and leaves a run of that name as it is',
      async () => {
        const { subject, rollout } = await start();
        const writer = subject.writer(rollout);
        const failed = stepRun(rollout, subject.reader, `${NAME}-abc-2-1`, 'missing-template');
        assert.equal(failed.status?.phase, 'Error');
        await writer.createAnalysisRun(failed);
        await subject.settled();
        const created = subject.reader.get('AnalysisRun', subject.namespace, `${NAME}-abc-2-1`);
        assert.equal(created?.status?.phase, 'Error');
        assert.match(created?.status?.message ?? '', /missing-template/);
        await writer.createAnalysisRun({
          ...stepRun(rollout, subject.reader, `${NAME}-abc-2-1`, `${NAME}-check`),
          metadata: { ...failed.metadata, labels: { other: 'labels' } },
        });
        await subject.settled();
        assert.deepEqual(
          subject.reader.get('AnalysisRun', subject.namespace, `${NAME}-abc-2-1`)?.metadata.labels,
          failed.metadata.labels,
        );
      },
    );

    clause('terminate-run', 'terminateAnalysisRun sets spec.terminate; a run that is gone is no error', async () => {
      const { subject, rollout } = await start();
      const writer = subject.writer(rollout);
      await writer.createAnalysisRun(stepRun(rollout, subject.reader, `${NAME}-abc-2-1`, `${NAME}-check`));
      await writer.terminateAnalysisRun(subject.namespace, `${NAME}-abc-2-1`);
      await subject.settled();
      assert.equal(subject.reader.get('AnalysisRun', subject.namespace, `${NAME}-abc-2-1`)?.spec.terminate, true);
      await writer.terminateAnalysisRun(subject.namespace, 'no-such-run');
    });

    clause('delete-run', 'deleteAnalysisRun removes the run; a run that is gone is no error', async () => {
      const { subject, rollout } = await start();
      const writer = subject.writer(rollout);
      await writer.createAnalysisRun(stepRun(rollout, subject.reader, `${NAME}-abc-2-1`, `${NAME}-check`));
      await subject.settled();
      await writer.deleteAnalysisRun(subject.namespace, `${NAME}-abc-2-1`);
      await subject.settled();
      assert.equal(subject.reader.get('AnalysisRun', subject.namespace, `${NAME}-abc-2-1`), undefined);
      await writer.deleteAnalysisRun(subject.namespace, `${NAME}-abc-2-1`);
    });

    clause(
      'annotations',
      "setRolloutAnnotations merges (null removes), and the same pass's status write still goes through",
      async () => {
        const { subject, rollout } = await start();
        await subject.put([
          { ...rollout, metadata: { ...rollout.metadata, annotations: { keep: 'yes', drop: 'me' } } },
        ]);
        await subject.settled();
        const read = subject.reader.get('Rollout', subject.namespace, NAME);
        assert.ok(read);
        const writer = subject.writer(read);
        await writer.setRolloutAnnotations(read, { 'rollout.argoproj.io/revision': '2', drop: null });
        assert.equal(
          await writer.writeRolloutStatus(read, { phase: 'Progressing', observedGeneration: '1' }),
          'written',
        );
        await subject.settled();
        const after = subject.reader.get('Rollout', subject.namespace, NAME);
        assert.equal(after?.metadata.annotations?.['keep'], 'yes');
        assert.equal(after?.metadata.annotations?.['drop'], undefined);
        assert.equal(after?.metadata.annotations?.['rollout.argoproj.io/revision'], '2');
        assert.equal(after?.status?.phase, 'Progressing');
      },
    );

    clause(
      'status',
      'writeRolloutStatus writes; refuses when someone changed the status it sets since it was read; says when it is gone',
      async () => {
        const { subject, rollout } = await start();
        assert.equal(
          await subject
            .writer(rollout)
            .writeRolloutStatus(rollout, { phase: 'Progressing', message: 'more replicas need to be updated' }),
          'written',
        );
        await subject.settled();
        const read = subject.reader.get('Rollout', subject.namespace, NAME);
        assert.equal(read?.status?.phase, 'Progressing');
        assert.ok(read);
        // Another pass over the same copy wrote the phase meanwhile.
        assert.equal(
          await subject.writer(read).writeRolloutStatus(read, { ...read.status, phase: 'Paused' }),
          'written',
        );
        await subject.settled();
        assert.equal(
          await subject.writer(read).writeRolloutStatus(read, { ...read.status, phase: 'Healthy' }),
          'conflict',
        );
        await subject.settled();
        assert.equal(
          subject.reader.get('Rollout', subject.namespace, NAME)?.status?.phase,
          'Paused',
          'a refused write changes nothing',
        );
        const current = subject.reader.get('Rollout', subject.namespace, NAME);
        assert.ok(current);
        await subject.remove('Rollout', NAME);
        await subject.settled();
        assert.equal(await subject.writer(current).writeRolloutStatus(current, { phase: 'Healthy' }), 'gone');
      },
    );

    clause('owned-runs', 'the reader lists the runs the rollout owns, not the others', async () => {
      const { subject, rollout } = await start();
      const writer = subject.writer(rollout);
      await writer.createAnalysisRun(stepRun(rollout, subject.reader, `${NAME}-abc-2-1`, `${NAME}-check`));
      const stranger = stepRun(rollout, subject.reader, 'stranger', `${NAME}-check`);
      await subject.put([{ ...stranger, metadata: { name: 'stranger', namespace: subject.namespace } }]);
      await subject.settled();
      assert.deepEqual(
        subject.reader.analysisRunsOf(rollout).map((run) => run.metadata.name),
        [`${NAME}-abc-2-1`],
      );
    });

    clause(
      'experiments',
      "an experiment step's Experiment is created, listed as owned, terminated and deleted",
      async () => {
        const { subject, rollout } = await start();
        const writer = subject.writer(rollout);
        const experiment: Experiment = {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Experiment',
          metadata: {
            name: `${NAME}-abc-2-1`,
            namespace: subject.namespace,
            labels: { 'rollouts-pod-template-hash': 'abc' },
            ownerReferences: [
              {
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'Rollout',
                name: rollout.metadata.name,
                uid: rollout.metadata.uid,
                controller: true,
              },
            ],
          },
          spec: {
            templates: [
              {
                name: 'baseline',
                selector: { matchLabels: { app: 'x' } },
                template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
              },
            ],
          },
        };
        await writer.createExperiment(experiment);
        await writer.createExperiment(experiment);
        await subject.settled();
        assert.deepEqual(
          subject.reader.experimentsOf(rollout).map((item) => item.metadata.name),
          [`${NAME}-abc-2-1`],
        );
        await writer.terminateExperiment(subject.namespace, `${NAME}-abc-2-1`);
        await subject.settled();
        assert.equal(subject.reader.experimentsOf(rollout)[0]?.spec.terminate, true);
        await writer.deleteExperiment(subject.namespace, `${NAME}-abc-2-1`);
        await writer.deleteExperiment(subject.namespace, `${NAME}-abc-2-1`);
        await subject.settled();
        assert.deepEqual(subject.reader.experimentsOf(rollout), []);
      },
    );
  });
}
