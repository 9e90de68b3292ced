// `sluice apply -f FILE|DIR...`: its spec (parser, help, completion).
import { MANIFESTS } from '../lint/spec.ts';
import { STATE_DIR } from '../run/spec.ts';
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'apply',
  summary: 'change what the local runtime runs',
  description:
    'Creates or updates the objects in the running local runtime (started with "sluice run"). The manifests are checked together with what already runs; any problem is printed as "file:line: field.path: message" and nothing changes.',
  flags: [MANIFESTS, STATE_DIR],
  examples: ['sluice apply -f rollout.yaml'],
};
