// The reference scenarios on the local runtime, with real pods.
import { describe, it } from 'node:test';
import { blueGreenScenarios } from './blue-green.ts';
import { canaryScenarios } from './canary.ts';
import { runOnLocalRuntime } from './local-driver.ts';

describe('reference scenarios on the local runtime', () => {
  for (const scenario of [...canaryScenarios, ...blueGreenScenarios])
    it(scenario.name, { timeout: 180_000 }, () => runOnLocalRuntime(scenario));
});
