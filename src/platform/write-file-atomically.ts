// Replacing a file atomically: the text is written to a temporary file beside it, then renamed over
// it, so a crash never leaves half a file and a reader sees the old text or the new, never a mix.
import { renameSync, writeFileSync } from 'node:fs';
import process from 'node:process';

export function writeFileAtomically(file: string, text: string, mode = 0o644): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, file);
}
