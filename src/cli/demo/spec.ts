// `sluice demo`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'demo',
  summary: 'the colorapi canary scenario on this machine, live',
  description:
    'Runs the colorapi canary scenario on this machine, with no cluster: a Rollout of 5 replicas behind an Istio VirtualService, a header route (x-canary: true goes to the canary) and a background web analysis. 1.0 (red) is deployed, 2.0 (blue) is promoted step by step, 3.0 (black, status "nok") is aborted by the analysis and traffic returns to 2.0, while a load generator sends steady traffic and the screen shows the share of answers per color. Exits 0 when the scenario unfolded as expected, 1 otherwise. See docs/demo.md.',
  flags: [
    { name: 'fast', takesValue: false, description: 'pauses of 4s instead of 20s, an analysis every 2s instead of 5s' },
    {
      name: 'ci',
      takesValue: false,
      description: 'one line per event and a summary, even on a terminal (the default when not a terminal)',
    },
    {
      name: 'port',
      takesValue: true,
      type: 'port',
      valueName: 'N',
      description: 'port of the mesh gateway on 127.0.0.1',
      defaultText: 'a free port',
    },
    {
      name: 'rate',
      takesValue: true,
      type: 'integer',
      min: 1,
      max: 1000,
      valueName: 'N',
      description: 'requests per second of the load generator',
      default: '150',
    },
    { name: 'no-color', takesValue: false, description: 'no colours (also NO_COLOR=1)' },
  ],
  examples: ['sluice demo', 'sluice demo --fast --ci'],
};
