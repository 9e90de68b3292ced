// The CLI Target contract over the local runtime: `sluice run` as a process over the canary-basic
// manifests, reached through LocalTarget (its HTTP API, found through the state directory).
import { runTargetContract } from '../../contracts/cli-target-contract.ts';
import { startLocalCanaryTarget } from '../../support/local-canary-target.ts';

runTargetContract({ name: 'local runtime (LocalTarget)', create: startLocalCanaryTarget });
