// The record of a control plane's processes, DIR/processes.json, so that another process
// (`cli.ts down`) can stop them.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { groupIsAlive, stopProcessGroup } from './processes.ts';

export interface ProcessRecord {
  name: string;
  pid: number;
  logPath: string;
}

export function processRecordPath(dir: string): string {
  return path.join(dir, 'processes.json');
}

export function writeProcessRecord(dir: string, records: readonly ProcessRecord[]): void {
  writeFileSync(processRecordPath(dir), JSON.stringify(records, null, 2) + '\n');
}

export function readProcessRecord(dir: string): ProcessRecord[] {
  const file = processRecordPath(dir);
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as ProcessRecord[];
}

/**
 * Whether a recorded process is still one of this control plane's: alive, and its command
 * line names the folder (so a PID reused by an unrelated process is left alone).
 */
export function isRecordedProcessAlive(dir: string, record: ProcessRecord): boolean {
  if (!groupIsAlive(record.pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8');
    return cmdline.includes(path.resolve(dir));
  } catch {
    return false;
  }
}

/** Stops every recorded process group that is still running, then forgets the record. */
export async function stopRecordedProcesses(dir: string): Promise<ProcessRecord[]> {
  const records = readProcessRecord(dir);
  const alive = records.filter((record) => isRecordedProcessAlive(dir, record));
  await Promise.all(alive.map((record) => stopProcessGroup(record.pid)));
  rmSync(processRecordPath(dir), { force: true });
  return alive;
}
