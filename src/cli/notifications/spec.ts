// `sluice notifications template|trigger ...`: its spec (parser, help, completion), the commands
// of Argo's plugin (`kubectl argo rollouts notifications template get`, `template notify`,
// `trigger get`), with the action as the first argument.
import type { CommandSpec } from '../shared/command-spec.ts';
import type { FlagSpec } from '../shared/flags.ts';

const CONFIG_FLAGS: FlagSpec[] = [
  {
    name: 'config-map',
    takesValue: true,
    type: 'path',
    valueName: 'FILE',
    description: "the argo-rollouts-notification-configmap manifest (default: Argo's catalog alone)",
  },
  {
    name: 'secret',
    takesValue: true,
    type: 'path',
    valueName: 'FILE',
    description: 'the argo-rollouts-notification-secret manifest ($key references in services)',
  },
];

export const spec: CommandSpec = {
  name: 'notifications',
  summary: 'show and try notification templates and triggers',
  description:
    "Shows the notification templates and triggers of an argo-rollouts-notification-configmap (with Argo's catalog built in), and sends a template for a rollout to recipients, as Argo's plugin does. See docs/notifications.md.",
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'template',
      summary: 'list templates, or send one for a rollout',
      description:
        '"template get [NAME]" lists the templates with a preview of their message; "template notify NAME ROLLOUT" renders the template for the rollout and sends it to each --recipient (service:recipient; console:stdout prints it).',
      arguments: [
        { name: 'get|notify', description: 'the action' },
        { name: 'NAME', description: 'the template', optional: true },
        { name: 'ROLLOUT', description: 'the rollout (notify)', optional: true, complete: 'rollouts' },
      ],
      flags: [
        ...CONFIG_FLAGS,
        {
          name: 'recipient',
          takesValue: true,
          valueName: 'SERVICE:RECIPIENT',
          description: 'where notify sends (default console:stdout)',
          repeatable: true,
        },
      ],
      examples: [
        'sluice notifications template get --config-map notifications.yaml',
        'sluice notifications template notify rollout-completed colorapi --config-map notifications.yaml --recipient slack:deploys',
      ],
    },
    {
      name: 'trigger',
      summary: 'list triggers',
      description: '"trigger get [NAME]" lists the triggers: each condition, and the templates it sends.',
      arguments: [
        { name: 'get', description: 'the action' },
        { name: 'NAME', description: 'the trigger', optional: true },
      ],
      flags: CONFIG_FLAGS,
      examples: ['sluice notifications trigger get --config-map notifications.yaml'],
    },
  ],
};
