// `sluice version`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'version',
  summary: 'print the version',
  description: 'Prints the version of sluice, of Node.js running it, and the platform.',
  flags: [{ name: 'short', takesValue: false, description: 'only the version of sluice' }],
  examples: ['sluice version --short'],
};
