// Reads the manifest files named on the command line (directories recursively).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ManifestSource } from '../../api/load-manifests.ts';
import { fileTooLargeMessage, MAX_FILE_CHARACTERS } from '../../api/manifests/limits.ts';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export class SourceError extends Error {}

export function readSources(names: readonly string[]): ManifestSource[] {
  const files: string[] = [];
  for (const name of names) files.push(...filesOf(name));
  const unique = [...new Set(files)];
  return unique.map((file) => ({ file, text: readText(file) }));
}

function filesOf(name: string): string[] {
  let stats;
  try {
    stats = statSync(name);
  } catch {
    throw new SourceError(`${name}: no such file or directory`);
  }
  if (stats.isFile()) return [name];
  if (!stats.isDirectory()) throw new SourceError(`${name}: not a file or directory`);
  const found: string[] = [];
  for (const entry of readdirSync(name, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(name, entry.name);
    if (entry.isDirectory()) found.push(...filesOf(child));
    else if (entry.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(entry.name))) found.push(child);
  }
  return found;
}

function readText(file: string): string {
  try {
    // A file far over the loader's limit is not read into memory at all.
    const size = statSync(file).size;
    if (size > 4 * MAX_FILE_CHARACTERS) throw new SourceError(`${file}: ${fileTooLargeMessage(size)}`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}
