// The standard process_* families (as Prometheus client libraries export them): open file
// descriptors, resident memory, heap, CPU seconds and start time. Read at scrape time.
import { readdirSync, readFileSync } from 'node:fs';
import process from 'node:process';
import type { MetricFamily } from '../../../platform/prometheus/exposition.ts';

/** Open file descriptors of this process (Linux /proc); undefined where /proc is not available. */
export function openFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

function maxFileDescriptors(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

export function processFamilies(startTimeSeconds: number): MetricFamily[] {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const families: MetricFamily[] = [
    {
      name: 'process_cpu_seconds_total',
      help: 'Total user and system CPU time spent in seconds.',
      type: 'counter',
      samples: [{ name: 'process_cpu_seconds_total', labels: {}, value: (cpu.user + cpu.system) / 1e6 }],
    },
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident memory size in bytes.',
      type: 'gauge',
      samples: [{ name: 'process_resident_memory_bytes', labels: {}, value: memory.rss }],
    },
    {
      name: 'process_heap_bytes',
      help: 'Process heap size in bytes.',
      type: 'gauge',
      samples: [{ name: 'process_heap_bytes', labels: {}, value: memory.heapUsed }],
    },
    {
      name: 'process_start_time_seconds',
      help: 'Start time of the process since unix epoch in seconds.',
      type: 'gauge',
      samples: [{ name: 'process_start_time_seconds', labels: {}, value: startTimeSeconds }],
    },
  ];
  const open = openFileDescriptors();
  if (open !== undefined)
    families.push({
      name: 'process_open_fds',
      help: 'Number of open file descriptors.',
      type: 'gauge',
      samples: [{ name: 'process_open_fds', labels: {}, value: open }],
    });
  const max = maxFileDescriptors();
  if (max !== undefined)
    families.push({
      name: 'process_max_fds',
      help: 'Maximum number of open file descriptors.',
      type: 'gauge',
      samples: [{ name: 'process_max_fds', labels: {}, value: max }],
    });
  return families;
}
