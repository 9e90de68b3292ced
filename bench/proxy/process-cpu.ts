// CPU time and resident memory of a process and its direct children (nginx's master and its worker),
// from /proc.
// The machine the benchmark runs on is often shared: requests per second then swing with the other
// load, while the CPU time a proxy spends per request stays close to its own cost.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function ownTicks(pid: number): number {
  const fields = statFields(pid);
  // utime and stime are fields 14 and 15 of the full line, 12 and 13 after the name.
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** Seconds of CPU used so far by `pid` and its direct children; undefined without /proc. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined || statFields(pid) === undefined) return undefined;
  let ticks = ownTicks(pid);
  for (const child of childrenOf(pid)) ticks += ownTicks(child);
  return ticks / clockTicks();
}

/** Resident set size in bytes of `pid` and its direct children (VmRSS); undefined without /proc. */
export function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const own = (of: number): number => {
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${of}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  if (statFields(pid) === undefined) return undefined;
  return childrenOf(pid).reduce((sum, child) => sum + own(child), own(pid));
}
