// `sluice run` as a process over the canary-basic manifests, its first revision Healthy, reached
// through LocalTarget (its HTTP API, found through the state directory): how the CLI Target
// contract and the dashboard contract meet the local runtime.
import path from 'node:path';
import { LocalTarget } from '../../src/cli/target/local-target.ts';
import { FIXTURES, startSluice, waitForRollout, type RunningSluice } from '../integration/local/runtime/sluice-run.ts';

export interface LocalCanaryTarget {
  running: RunningSluice;
  target: LocalTarget;
  /** The rollout and its images, as the contracts name them. */
  namespace: string;
  name: string;
  container: string;
  firstImage: string;
  secondImage: string;
  /** The manifest of the rollout (for `sluice delete -f`). */
  rolloutFile: string;
  close(): Promise<void>;
}

export async function startLocalCanaryTarget(): Promise<LocalCanaryTarget> {
  const running = await startSluice([path.join(FIXTURES, 'canary-basic')]);
  await waitForRollout(
    running,
    'default',
    'colorapi',
    'the first revision to be Healthy',
    (d) => d.rollout.status?.phase === 'Healthy',
  );
  const target = new LocalTarget(running.stateDir);
  return {
    running,
    target,
    namespace: 'default',
    name: 'colorapi',
    container: 'colorapi',
    firstImage: 'ghcr.io/sluice-examples/colorapi:red',
    secondImage: 'ghcr.io/sluice-examples/colorapi:blue',
    rolloutFile: path.join(FIXTURES, 'canary-basic', 'rollout.yaml'),
    close: async () => {
      target.close();
      await running.stop();
    },
  };
}
