// `sluice dashboard`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'dashboard',
  summary: 'serve the web dashboard of the rollouts until interrupted',
  description:
    "Serves the web dashboard of the target's rollouts (a cluster as the kube context's user, or the local runtime) until interrupted (Ctrl-C): the list, each rollout's steps, revisions, pods and analysis runs, live, and its actions. It prints a URL that carries a token made at start; whoever has the URL acts as the user the dashboard runs as, so it listens on 127.0.0.1 unless --address says otherwise. With -n the list opens on that namespace.",
  flags: [
    {
      name: 'port',
      short: 'p',
      takesValue: true,
      type: 'port',
      min: 0,
      valueName: 'N',
      description: 'port to listen on (0: a free port)',
      default: '3100',
    },
    {
      name: 'address',
      takesValue: true,
      valueName: 'ADDRESS',
      description: 'address to listen on; another than 127.0.0.1 makes the dashboard reachable from other machines',
      default: '127.0.0.1',
    },
    {
      name: 'root-path',
      takesValue: true,
      valueName: 'PATH',
      description:
        'the path to serve the dashboard under, for a proxy or Ingress that routes a sub-path to it (rollouts: pages, API and streams under /rollouts/)',
      defaultText: '/',
    },
    {
      name: 'static-dir',
      takesValue: true,
      type: 'dir',
      valueName: 'DIR',
      description: 'the built web UI to serve',
      defaultText: 'dist/dashboard of the sluice package',
    },
  ],
  target: true,
  examples: ['sluice dashboard', 'sluice dashboard --local --port 3200', 'sluice dashboard --context kind-dev -n shop'],
  notes: ['Stops on SIGINT (Ctrl-C) or SIGTERM, closing the live streams, and exits 0.'],
};
