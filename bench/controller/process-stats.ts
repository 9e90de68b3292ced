// Resident memory and CPU time of the controller process, from /proc: VmRSS of /proc/<pid>/status
// and utime+stime of /proc/<pid>/stat. `bin/sluice` execs node, so the pid is the controller itself.
import { readFileSync } from 'node:fs';
import { cpuSeconds } from '../proxy/process-cpu.ts';

export { cpuSeconds };

/** Resident set size in bytes; undefined once the process is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS every `intervalMs`; `stop()` returns the peak and the last sample. */
export function sampleResident(pid: number, intervalMs = 250): { stop(): { peakBytes: number; lastBytes: number } } {
  let peakBytes = 0;
  let lastBytes = 0;
  const sample = (): void => {
    const bytes = residentBytes(pid);
    if (bytes === undefined) return;
    lastBytes = bytes;
    peakBytes = Math.max(peakBytes, bytes);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakBytes, lastBytes };
    },
  };
}

/**
 * Scrapes the heap in use (`metric`: sluice's process_heap_bytes, V8's; Argo's
 * go_memstats_heap_alloc_bytes, Go's HeapAlloc) from the controller's /metrics every `intervalMs`;
 * `stop()` returns the peak. 10 s, as a Prometheus scrape might: at 1000 rollouts rendering the page
 * is tens of milliseconds of the controller's time, which a 2 s scrape would add to every figure.
 */
export function sampleHeapUsed(
  metricsUrl: string,
  metric: string,
  intervalMs = 10_000,
): { stop(): Promise<{ peakBytes: number | undefined }> } {
  let peakBytes: number | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const sample = (): void => {
    inFlight = fetch(metricsUrl)
      .then((response) => response.text())
      .then((text) => {
        const match = new RegExp(`^${metric}\\s+(\\S+)`, 'm').exec(text);
        if (match) peakBytes = Math.max(peakBytes ?? 0, Number(match[1]));
      })
      .catch(() => undefined);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      // One last scrape, so a short run has at least one.
      await inFlight;
      sample();
      await inFlight;
      return { peakBytes };
    },
  };
}

/** One scrape of `metric` from the /metrics page at `metricsUrl`; undefined when it cannot be read. */
export async function scrapeMetric(metricsUrl: string, metric: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const match = new RegExp(`^${metric}\\s+(\\S+)`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
