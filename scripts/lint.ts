// Checks the TypeScript sources: formatting and lint rules (Biome, configured in biome.jsonc), and
// that every cast past the type checker says why (scripts/casts). Writes nothing; `npm run format`
// writes the formatting.
// Usage: node scripts/lint.ts   (npm run lint)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, unexplainedCasts } from './casts/rules.ts';
import { sourcesUnder } from './source-files.ts';

const root = join(import.meta.dirname, '..');
const failures: string[] = [];

const biome = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['check', '--error-on-warnings'], {
  cwd: root,
  stdio: 'inherit',
});
if (biome.error) {
  failures.push(`could not run Biome (${biome.error.message}); install the dependencies with \`npm ci\``);
} else if (biome.status !== 0) {
  failures.push(
    'Biome found the problems above. Formatting: run `npm run format`. Lint findings: each names its rule ' +
      '(https://biomejs.dev/linter/rules/); fix the code, or where the rule is wrong for that line, add ' +
      '`// biome-ignore lint/<group>/<rule>: <why>` above it',
  );
}

const sources = ['src', 'test', 'bench', 'scripts'].flatMap((dir) => sourcesUnder(root, dir));
const casts = sources.flatMap(unexplainedCasts);
for (const cast of casts) console.error(describe(cast));
if (casts.length > 0) failures.push(`${casts.length} cast(s) above without a reason (scripts/casts/rules.ts)`);

if (failures.length > 0) {
  for (const failure of failures) console.error(`lint: ${failure}`);
  process.exit(1);
}
console.log(`lint: formatting, lint rules and the reasons of casts hold in ${sources.length} files`);
