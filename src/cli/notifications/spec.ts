// `sluice notifications template|trigger ...`: its spec (parser, help, completion), the commands
// of Argo's plugin (`kubectl argo rollouts notifications template get`, `template notify`,
// `trigger get`, `trigger run`), with the action as the first argument.
import type { CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';

const CONFIG_FLAGS: FlagSpec[] = [
  {
    name: 'config-map',
    takesValue: true,
    type: 'path',
    valueName: 'FILE',
    description:
      "a file holding the argo-rollouts-notification-configmap (default: the target's, in the namespace of -n on a cluster); Argo's catalog is built in",
  },
  {
    name: 'secret',
    takesValue: true,
    type: 'path',
    valueName: 'FILE',
    description:
      "a file holding the argo-rollouts-notification-secret, or :empty for none (default: the target's; none when it has none)",
  },
];

const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  short: 'o',
  takesValue: true,
  valueName: 'FORMAT',
  description: 'how get prints: json, yaml, wide (a table) or name',
  choices: ['json', 'yaml', 'wide', 'name'],
  default: 'wide',
};

export const spec: CommandSpec = {
  name: 'notifications',
  summary: 'show and try notification templates and triggers',
  description:
    "Shows the notification templates and triggers of the argo-rollouts-notification-configmap (the target's, or a file's; Argo's catalog built in), sends a template for a rollout to recipients, and evaluates a trigger's conditions for a rollout, as Argo's plugin does. See docs/notifications.md.",
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'template',
      summary: 'list templates, or send one for a rollout',
      description:
        '"template get [NAME]" lists the templates with a preview of their message; "template notify NAME ROLLOUT" renders the template for the rollout (a name on the target, or a file) and sends it to each --recipient (service:recipient; console:stdout prints the notification as YAML).',
      arguments: [
        { name: 'get|notify', description: 'the action' },
        { name: 'NAME', description: 'the template', optional: true },
        {
          name: 'ROLLOUT',
          description: 'the rollout, or a file holding one (notify)',
          optional: true,
          complete: 'rollouts',
        },
      ],
      flags: [
        ...CONFIG_FLAGS,
        OUTPUT_FLAG,
        {
          name: 'recipient',
          takesValue: true,
          valueName: 'SERVICE:RECIPIENT',
          description: 'where notify sends (default console:stdout)',
          repeatable: true,
        },
      ],
      examples: [
        'sluice notifications template get',
        'sluice notifications template get -n argo-rollouts',
        'sluice notifications template notify rollout-completed colorapi --recipient slack:deploys',
        'sluice notifications template notify rollout-completed ./rollout.yaml --config-map notifications.yaml',
      ],
    },
    {
      name: 'trigger',
      summary: 'list triggers, or evaluate one for a rollout',
      description:
        '"trigger get [NAME]" lists the triggers: each condition, and the templates it sends; "trigger run NAME ROLLOUT" evaluates each condition of the trigger for the rollout (a name on the target, or a file) and prints whether it holds.',
      arguments: [
        { name: 'get|run', description: 'the action' },
        { name: 'NAME', description: 'the trigger', optional: true },
        {
          name: 'ROLLOUT',
          description: 'the rollout, or a file holding one (run)',
          optional: true,
          complete: 'rollouts',
        },
      ],
      flags: [...CONFIG_FLAGS, OUTPUT_FLAG],
      examples: [
        'sluice notifications trigger get',
        'sluice notifications trigger get --config-map notifications.yaml',
        'sluice notifications trigger run on-rollout-updated colorapi',
      ],
    },
  ],
};
