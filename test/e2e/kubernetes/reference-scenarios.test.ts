// The reference scenarios of test/scenarios on the controller, one rollout per scenario in one
// namespace, one after the other: the same data the engine simulator and the local runtime run.
import { blueGreenScenarios } from '../../scenarios/blue-green.ts';
import { canaryScenarios } from '../../scenarios/canary.ts';
import { runOnController } from '../../scenarios/controller-driver.ts';
import { e2eScenario } from './support/scenario.ts';

e2eScenario('reference-scenarios', 'the reference scenarios', async (cluster) => {
  for (const [index, scenario] of [...canaryScenarios, ...blueGreenScenarios].entries())
    await runOnController(cluster, scenario, `scenario-${index}`);
});
