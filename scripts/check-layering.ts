// Fails when a pure folder does I/O or reads the clock, or a layer imports one it may not.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkLayering, type SourceFile } from './layering/rules.ts';

const root = join(import.meta.dirname, '..');

function sourcesUnder(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourcesUnder(full));
    else if (entry.name.endsWith('.ts')) {
      files.push({ path: relative(root, full).split(sep).join('/'), source: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

const files = sourcesUnder(join(root, 'src'));
const violations = checkLayering(files);
for (const v of violations) console.error(`${v.path}:${v.line}: ${v.message}`);
if (violations.length > 0) {
  console.error(`layering: ${violations.length} violation(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`layering: ${files.length} files, no violations`);
