// sluice delete: removes objects from the running local runtime (a Rollout takes its pods with it).
import { sendManifests } from '../apply/send-manifests.ts';

export const DELETE_HELP = `usage: sluice delete -f FILE|DIR [-f ...] [--state-dir DIR]

Deletes the objects the manifests name from the running local runtime. A deleted Rollout stops its
pods and removes its ReplicaSets and AnalysisRuns.

options:
  -f, --filename FILE|DIR   manifests (repeatable; directories are read recursively)
  --state-dir DIR           the runtime's state directory (default: $SLUICE_STATE_DIR or .sluice)
  -h, --help                show this help`;

export function run(args: string[]): Promise<number> {
  return sendManifests('delete', args, DELETE_HELP);
}
