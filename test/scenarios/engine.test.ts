// The reference scenarios on the engine simulator.
import { describe, it } from 'node:test';
import { blueGreenScenarios } from './blue-green.ts';
import { canaryScenarios } from './canary.ts';
import { runOnEngine } from './engine-driver.ts';

describe('reference scenarios on the engine simulator', () => {
  for (const scenario of [...canaryScenarios, ...blueGreenScenarios]) it(scenario.name, () => runOnEngine(scenario));
});
