// Flags of the commands that parse their own arguments (lint, analyze, run, apply, delete,
// controller, demo), for completion only.
import type { FlagSpec } from '../shared/flags.ts';

const help: FlagSpec = { name: 'help', short: 'h', takesValue: false, description: 'show help' };
const filename: FlagSpec = { name: 'filename', short: 'f', takesValue: true, valueName: 'FILE|DIR', description: 'manifests (repeatable)' };
const stateDir: FlagSpec = { name: 'state-dir', takesValue: true, valueName: 'DIR', description: 'state directory of the local runtime' };

export const otherCommandFlags: Record<string, readonly FlagSpec[]> = {
  lint: [filename, help],
  analyze: [
    filename,
    { name: 'template', takesValue: true, valueName: 'NAME', description: 'the AnalysisTemplate to run' },
    { name: 'arg', takesValue: true, valueName: 'NAME=VALUE', description: 'an argument of the template (repeatable)' },
    { name: 'output', short: 'o', takesValue: true, valueName: 'FORMAT', description: 'json', choices: ['json'] },
    help,
  ],
  run: [
    filename,
    { name: 'images', takesValue: true, valueName: 'FILE', description: 'the image catalogue' },
    { name: 'gateway-port', takesValue: true, valueName: 'PORT', description: 'port of the gateway' },
    { name: 'api-port', takesValue: true, valueName: 'PORT', description: 'port of the local API' },
    stateDir,
    { name: 'prometheus', takesValue: false, description: 'start Prometheus scraping the mesh and pods' },
    help,
  ],
  apply: [filename, stateDir, help],
  delete: [filename, stateDir, help],
};
