// `sluice list rollouts|experiments`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'list',
  summary: 'list rollouts or experiments',
  flags: [],
  target: true,
  subcommands: [
    {
      name: 'rollouts',
      aliases: ['rollout', 'ro'],
      summary: 'list rollouts',
      description:
        "Lists rollouts with their strategy, status, step, set weight and replica counts. -A lists every namespace. With -w a rollout's row is printed again each time it changes.",
      flags: [
        { name: 'all-namespaces', short: 'A', takesValue: false, description: 'rollouts of every namespace' },
        { name: 'name', takesValue: true, valueName: 'NAME', description: 'only the rollout of this name' },
        {
          name: 'timestamps',
          takesValue: false,
          description: 'a TIMESTAMP column first: when the row was printed (UTC)',
        },
        {
          name: 'watch',
          short: 'w',
          takesValue: false,
          description: 'print a row again each time a rollout changes, until Ctrl-C',
        },
        {
          name: 'output',
          short: 'o',
          takesValue: true,
          valueName: 'FORMAT',
          description: 'json or yaml (a List of the Rollouts), or name (one name a line)',
          choices: ['json', 'yaml', 'name'],
        },
      ],
      examples: [
        'sluice list rollouts',
        'sluice list rollouts -A -w',
        'sluice list rollouts --name colorapi -w --timestamps',
      ],
    },
    {
      name: 'experiments',
      aliases: ['experiment', 'exp'],
      summary: 'list experiments',
      description:
        'Lists experiments with their status, duration and the time they have left. -A lists every namespace.',
      flags: [{ name: 'all-namespaces', short: 'A', takesValue: false, description: 'experiments of every namespace' }],
      examples: ['sluice list experiments', 'sluice list experiments -A'],
    },
  ],
};
