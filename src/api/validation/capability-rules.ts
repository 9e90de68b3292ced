// A warning for every feature of the Rollout that sluice does not carry out yet, with the sentence
// of its row in the capability table (src/api/capabilities.ts): such a Rollout is valid for Argo
// Rollouts, and the engine holds it with an InvalidSpec condition that says the same.
import { capabilitySentence, missingFeatures } from '../capabilities.ts';
import type { Rollout } from '../types/rollout.ts';
import { warning, type Finding } from './finding.ts';

export function capabilityFindings(rollout: Rollout): Finding[] {
  return missingFeatures(rollout).map((use) => warning(use.path, capabilitySentence(use.capability)));
}
