// sluice apply: changes what the running local runtime runs (a new image, new steps, new objects).
import { sendManifests } from './send-manifests.ts';

export const APPLY_HELP = `usage: sluice apply -f FILE|DIR [-f ...] [--state-dir DIR]

Creates or updates the objects in the running local runtime (started with "sluice run"). The
manifests are checked together with what already runs; any problem is printed as
"file:line: field.path: message" and nothing changes.

options:
  -f, --filename FILE|DIR   manifests (repeatable; directories are read recursively)
  --state-dir DIR           the runtime's state directory (default: $SLUICE_STATE_DIR or .sluice)
  -h, --help                show this help`;

export function run(args: string[]): Promise<number> {
  return sendManifests('apply', args, APPLY_HELP);
}
