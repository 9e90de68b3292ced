// `sluice abort NAME...`: its spec (parser, help, completion).
import { ROLLOUT_NAMES, type CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'abort',
  summary: 'abort the update of rollouts',
  description:
    'Aborts the update of the rollouts: sets status.abort, so traffic and replicas go back to the stable version. "sluice retry rollout NAME" starts the update again.',
  arguments: [ROLLOUT_NAMES],
  flags: [],
  target: true,
  examples: ['sluice abort colorapi'],
};
