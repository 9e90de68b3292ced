// `sluice run -f FILE|DIR...`: its spec (parser, help, completion).
import { MANIFESTS } from '../lint/spec.ts';
import type { CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';

/** `--state-dir DIR` of run, apply and delete. */
export const STATE_DIR: FlagSpec = {
  name: 'state-dir',
  takesValue: true,
  type: 'dir',
  valueName: 'DIR',
  description: "the runtime's state directory (objects and runtime.json)",
  defaultText: '$SLUICE_STATE_DIR, else .sluice',
};

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run manifests on this machine until interrupted',
  description:
    'Runs the manifests on this machine until interrupted (Ctrl-C): pods are local processes, Services and Istio VirtualServices are served by an embedded proxy, rollouts progress as in a cluster. Change what runs with "sluice apply -f", remove it with "sluice delete -f".',
  flags: [
    { ...MANIFESTS, description: 'manifests to run (directories are read recursively)' },
    {
      name: 'images',
      takesValue: true,
      type: 'file',
      valueName: 'FILE',
      description: 'image catalogue: what to run for each image (see docs/local-pods.md)',
    },
    {
      name: 'container-engine',
      takesValue: true,
      valueName: 'NAME',
      choices: ['auto', 'podman', 'docker', 'none'],
      description:
        'runs images the catalogue does not list as containers of this engine, when among its local images (see docs/local-pods.md)',
      defaultText: 'auto: podman, else docker, when on PATH',
    },
    {
      name: 'gateway-port',
      takesValue: true,
      type: 'port',
      valueName: 'N',
      description: 'port of the mesh gateway on 127.0.0.1',
      defaultText: 'the port of the runtime that died in this state directory when free, else a free port',
    },
    {
      name: 'api-port',
      takesValue: true,
      type: 'port',
      valueName: 'N',
      description: 'port of the local API on 127.0.0.1',
      defaultText: 'a free port',
    },
    STATE_DIR,
    {
      name: 'prometheus',
      takesValue: false,
      description: 'write a scrape configuration and start the installed Prometheus',
    },
    {
      name: 'self-service-notification-enabled',
      takesValue: false,
      description:
        "as the controller's flag: a notification ConfigMap and Secret applied in a Rollout's namespace also apply to it (those applied without a namespace or in argo-rollouts are the controller's)",
    },
  ],
  examples: ['sluice run -f examples/canary --images examples/images.yaml'],
};
