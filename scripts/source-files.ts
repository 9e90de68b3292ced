// The TypeScript sources the repository checks read (lint's cast rule, the layering check), with
// their paths relative to the repository root.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface SourceFile {
  path: string; // relative to the repository root, with forward slashes
  source: string;
}

/** Every `.ts` and `.tsx` file below `root`/`dir`, depth first, in directory order. */
export function sourcesUnder(root: string, dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') || entry.name.endsWith('.tsx')) {
        files.push({ path: relative(root, full).split(sep).join('/'), source: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(root, dir));
  return files;
}
