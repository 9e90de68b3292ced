// The dashboard server over the local runtime: `sluice run` as a process over the canary-basic
// manifests, reached through LocalTarget as `sluice dashboard --local` does.
import path from 'node:path';
import { LocalTarget } from '../../../src/cli/target/local-target.ts';
import { runDashboardContract } from '../../contracts/dashboard-contract.ts';
import { FIXTURES, runCli, startSluice, waitForRollout } from '../local/runtime/sluice-run.ts';

runDashboardContract({
  name: 'the local runtime (LocalTarget)',
  create: async () => {
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
      target,
      runtime: 'local',
      namespace: 'default',
      name: 'colorapi',
      container: 'colorapi',
      firstImage: 'ghcr.io/sluice-examples/colorapi:red',
      secondImage: 'ghcr.io/sluice-examples/colorapi:blue',
      deleteRollout: async () => {
        const deleted = await runCli([
          'delete',
          '-f',
          path.join(FIXTURES, 'canary-basic', 'rollout.yaml'),
          '--state-dir',
          running.stateDir,
        ]);
        if (deleted.code !== 0) throw new Error(`sluice delete failed: ${deleted.stderr}`);
      },
      close: async () => {
        target.close();
        await running.stop();
      },
    };
  },
});
