// sluice apply: changes what the running local runtime runs (a new image, new steps, new objects).
import { sendManifests } from './send-manifests.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return sendManifests({ ...spec, name: 'apply' }, args);
}
