// What the local runtime's gateway cannot serve of a Rollout's traffic routing, said once at
// `sluice run`: the router still writes its objects in the local store (so the rollout runs, and
// `sluice get` shows the weights), but no request follows them there, and verification answers
// "cannot verify". One entry per router whose data plane is imitated only in part.
import { gatewayApiConfigOf } from './gateway-api-config.ts';
import type { Rollout } from './types/rollout.ts';

const NOTES: Array<(rollout: Rollout) => string[]> = [
  (rollout) =>
    (gatewayApiConfigOf(rollout)?.routes ?? [])
      .filter((route) => route.kind !== 'HTTPRoute')
      .map(
        (route) =>
          `${route.kind} ${route.namespace}/${route.name} is routed on a cluster only: the local gateway serves HTTPRoutes, so its weights are written here but not served (verification: cannot verify)`,
      ),
];

/** The notes for `rollout`, each a sentence naming the object concerned. */
export function localRoutingNotes(rollout: Rollout): string[] {
  return NOTES.flatMap((note) => note(rollout));
}
