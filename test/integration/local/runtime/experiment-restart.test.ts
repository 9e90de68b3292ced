// Stopping `sluice run` while an Experiment runs and starting it again: the Experiment's template
// ReplicaSet comes back from the state directory (the same record, its pods started again at the
// recorded count), as a rollout's do, instead of being created anew at 0 and scaled up.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../../src/runtime/local/run.ts';
import { candidateExperiment } from '../../../support/local-experiment.ts';
import { waitFor } from '../../../support/ports.ts';
import { IMAGES, temporaryDir } from './sluice-run.ts';

const experiment = candidateExperiment(2);

describe('an Experiment across a restart of the local runtime', () => {
  let runtime: LocalRuntime | undefined;
  after(async () => {
    await runtime?.stop();
  });

  it('keeps its template ReplicaSet and brings its pods back at the recorded count', { timeout: 180_000 }, async () => {
    const dir = temporaryDir('experiment-restart');
    const stateDir = temporaryDir('experiment-restart-state');
    writeFileSync(path.join(dir, 'experiment.yaml'), experiment);
    const start = (sources: ReturnType<typeof readSources>) =>
      startLocalRuntime({ stateDir, sources, imagesFile: IMAGES, log: () => undefined });
    const running = async (current: LocalRuntime) =>
      waitFor(
        'the Experiment to be Running with both pods available',
        async () => {
          const ex = current.store.get('Experiment', 'default', 'trial');
          return ex?.status?.phase === 'Running' && ex.status.templateStatuses?.[0]?.availableReplicas === 2
            ? ex
            : undefined;
        },
        90_000,
      );

    runtime = await start(readSources([dir]));
    const first = await running(runtime);
    const recorded = runtime.store.get('ReplicaSet', 'default', 'trial-candidate');
    assert.ok(recorded, 'the template ReplicaSet is recorded in the store');
    assert.equal(recorded.spec.replicas, 2);
    const eventsOf = async (current: LocalRuntime) =>
      (
        await new RuntimeClient(current.apiUrl, current.token).get<{
          items: Array<{ reason: string; message: string; firstTimestamp: string }>;
        }>('/api/v1/experiments/default/trial/events')
      ).items;
    const scalingBefore = (await eventsOf(runtime)).filter((event) => event.reason === 'ScalingReplicaSet');
    assert.equal(scalingBefore.length, 1, 'the first runtime scaled the template up once');
    await runtime.stop();

    runtime = await start([]);
    const again = await running(runtime);
    const restored = runtime.store.get('ReplicaSet', 'default', 'trial-candidate');
    assert.deepEqual(
      [restored?.metadata.uid, restored?.metadata.creationTimestamp, restored?.metadata.labels],
      [recorded.metadata.uid, recorded.metadata.creationTimestamp, recorded.metadata.labels],
    );
    assert.equal(again.status?.availableAt, first.status?.availableAt);
    // Nothing was created again at 0 and scaled up: the events (kept across the restart) hold the
    // first runtime's scaling only.
    assert.deepEqual(
      (await eventsOf(runtime)).filter((event) => event.reason === 'ScalingReplicaSet'),
      scalingBefore,
    );
  });
});
