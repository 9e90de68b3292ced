// The pod processes of a test's runtime, found in /proc (Linux): the processes that carry a marker
// in their environment, or whose output goes to a file under the state directory.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

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
