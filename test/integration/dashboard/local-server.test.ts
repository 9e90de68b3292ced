// The dashboard server over the local runtime: `sluice run` as a process over the canary-basic
// manifests, reached through LocalTarget as `sluice dashboard --local` does.
import { runDashboardContract } from '../../contracts/dashboard-contract.ts';
import { startLocalCanaryTarget } from '../../support/local-canary-target.ts';
import { runCli } from '../local/runtime/sluice-run.ts';

runDashboardContract({
  name: 'the local runtime (LocalTarget)',
  create: async () => {
    const local = await startLocalCanaryTarget();
    return {
      ...local,
      runtime: 'local',
      deleteRollout: async () => {
        const deleted = await runCli(['delete', '-f', local.rolloutFile, '--state-dir', local.running.stateDir]);
        if (deleted.code !== 0) throw new Error(`sluice delete failed: ${deleted.stderr}`);
      },
    };
  },
});
