// Fails when a pure folder does I/O or reads the clock, or a layer imports one it may not.
import { join } from 'node:path';
import { checkLayering } from './layering/rules.ts';
import { sourcesUnder } from './source-files.ts';

const root = join(import.meta.dirname, '..');

const files = sourcesUnder(root, 'src');
const violations = checkLayering(files);
for (const v of violations) console.error(`${v.path}:${v.line}: ${v.message}`);
if (violations.length > 0) {
  console.error(`layering: ${violations.length} violation(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`layering: ${files.length} files, no violations`);
