// The pod processes of a test's runtime, found in /proc (Linux): the processes that carry a marker
// in their environment, or whose output goes to a file under the state directory.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { Pod } from '../../../../src/view/inputs.ts';
import type { PodStatus } from '../../../../src/runtime/local/pods/pod-status.ts';

export const onLinux = readdirSync('/proc', { withFileTypes: true }).some((entry) => entry.name === 'self');

/** Pids of the processes that carry `marker` in their environment, or whose output goes to a file under `stateDir`. */
export function processesOf(marker: string, stateDir: string): number[] {
  const root = `${path.resolve(stateDir)}${path.sep}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state === 'Z') continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const outputs = ['1', '2'].map((fd) => {
        try {
          return readlinkSync(`/proc/${entry}/fd/${fd}`);
        } catch {
          return '';
        }
      });
      if (environ.includes(marker) || outputs.some((target) => target.startsWith(root))) pids.push(Number(entry));
    } catch {
      // The process ended while it was being read.
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Pod name -> the pids of its containers, as the local API shows them (`stopping: false` leaves out the pods being deleted). */
export function podPids(
  detail: { pods: readonly Pod[] },
  options: { stopping?: boolean } = {},
): Record<string, number[]> {
  const pids: Record<string, number[]> = {};
  for (const pod of detail.pods) {
    if (options.stopping === false && pod.metadata.deletionTimestamp) continue;
    const local = (pod.status as { local?: PodStatus } | undefined)?.local;
    pids[pod.metadata.name ?? ''] = (local?.containers ?? []).flatMap((c) => (c.pid ? [c.pid] : []));
  }
  return pids;
}
