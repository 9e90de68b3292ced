// sluice delete: removes objects from the running local runtime (a Rollout takes its pods with it).
import { sendManifests } from '../apply/send-manifests.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return sendManifests({ ...spec, name: 'delete' }, args);
}
