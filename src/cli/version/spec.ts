// `sluice version`: its usage, flags and help.
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'version',
  usage: 'version [--short]',
  description: 'Prints the version of sluice, of Node.js running it, and the platform.',
  flags: [
    { name: 'short', takesValue: false, description: 'only the version of sluice' },
    { name: 'help', short: 'h', takesValue: false, description: 'show this help' },
  ],
};
