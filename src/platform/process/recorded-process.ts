// A helper process of the runtime (Prometheus) recorded by pid and start time, so that a runtime
// started after this one died can stop the one it left instead of running a second beside it.
import { readFileSync, rmSync } from 'node:fs';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { writeFileAtomically } from '../write-file-atomically.ts';
import { isSameProcess, readIdentity } from './process-identity.ts';

interface Recorded {
  pid: number;
  startTime: string;
}

export function recordProcess(file: string, pid: number): void {
  const startTime = readIdentity(pid)?.startTime;
  if (startTime) writeFileAtomically(file, `${JSON.stringify({ pid, startTime })}\n`, 0o600);
}

export function forgetProcess(file: string): void {
  rmSync(file, { force: true });
}

/**
 * Stops the recorded process when it is still the recorded one (never a reused pid): SIGTERM, SIGKILL
 * after `graceMs`; resolves once it is gone. Returns whether there was one to stop.
 */
export async function stopRecordedProcess(file: string, graceMs = 5_000): Promise<boolean> {
  let recorded: Recorded;
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
  } catch {
    return false;
  }
  forgetProcess(file);
  const alive = () => isSameProcess(recorded.pid, recorded.startTime);
  if (!alive()) return false;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (alive()) process.kill(recorded.pid, name);
    } catch {
      // Gone meanwhile.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive()) {
    if (Date.now() > deadline) signal('SIGKILL');
    await delay(50);
  }
  return true;
}
