// `sluice delete -f FILE|DIR...`: its spec (parser, help, completion).
import { MANIFESTS } from '../lint/spec.ts';
import { STATE_DIR } from '../run/spec.ts';
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'delete',
  summary: 'remove objects from the local runtime',
  description:
    'Deletes the objects the manifests name from the running local runtime. A deleted Rollout stops its pods and removes its ReplicaSets and AnalysisRuns.',
  flags: [MANIFESTS, STATE_DIR],
  examples: ['sluice delete -f rollout.yaml'],
};
