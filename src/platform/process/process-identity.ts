// Who a pid is: its start time and process group, read from /proc/<pid>/stat on Linux. A pid is
// reused once its process is gone, so a recorded pid names the same process only while its start
// time (clock ticks since boot, with the boot's id) is the recorded one. A zombie counts as gone.
import { readFileSync } from 'node:fs';
import process from 'node:process';

export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat and the boot it belongs to: `<boot id>:<ticks>`. */
  startTime: string;
  /** The process group (field 5). */
  processGroup: number;
}

let bootId: string | undefined;

function currentBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/** Whether /proc tells who a pid is (Linux); elsewhere only a signal 0 can say a pid exists. */
export function identitiesAvailable(): boolean {
  return readIdentity(process.pid) !== undefined;
}

/** The live (not zombie) process with this pid, or undefined when there is none or /proc is missing. */
export function readIdentity(pid: number): ProcessIdentity | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseStat(stat);
  if (!parsed || parsed.state === 'Z' || parsed.state === 'X') return undefined;
  return { pid, startTime: `${currentBootId()}:${parsed.startTicks}`, processGroup: parsed.processGroup };
}

/** The fields of /proc/<pid>/stat used here: state (3), process group (5), start time in ticks (22). */
export function parseStat(stat: string): { state: string; processGroup: number; startTicks: string } | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  const [state, , processGroup] = fields;
  const startTicks = fields[19];
  if (!state || !processGroup || !startTicks || !/^\d+$/.test(startTicks)) return undefined;
  return { state, processGroup: Number(processGroup), startTicks };
}

/** Whether `pid` is still the process recorded as `startTime` (never true for a reused pid). */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (startTime === undefined) return false;
  return readIdentity(pid)?.startTime === startTime;
}

/** A pid is alive: by its identity where /proc exists, else by signal 0. */
export function processAlive(pid: number, startTime?: string): boolean {
  if (identitiesAvailable())
    return startTime === undefined ? readIdentity(pid) !== undefined : isSameProcess(pid, startTime);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
