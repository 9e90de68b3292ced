// Bundles the CLI (src/cli/main.ts) with esbuild into dist/cli/, so that starting it parses a few
// JavaScript files instead of type-stripping hundreds of .ts files. Each command stays a lazily
// loaded chunk. bin/sluice runs this when a source is newer than the bundle.
//
// Layout: every build goes to its own folder dist/cli/<build id>/ and dist/cli/current, a
// symlink, is switched to it by a rename (atomic), so builds started at the same time by parallel
// invocations never mix files and a process that is starting keeps the build it began with (a
// build is removed only once it is neither current nor the one just replaced, and old). The
// build's .stamp file carries the time the build started: a source saved during the build is
// newer than it, so the next run builds again.
//
// --packed builds instead into dist/cli/packed/, a plain folder (npm pack leaves symlinks out) that
// the npm package ships and bin/sluice runs as it is in an install without the sources (prepack).
//
// Usage: node scripts/build-cli.ts [--quiet] [--packed]
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type { Plugin } from 'esbuild';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const CLI_DIST = path.join(repoRoot, 'dist/cli');
const CURRENT = 'current';
/** The build the npm package ships (package.json `files`). */
export const PACKED = 'packed';
/**
 * Sources that run as processes of their own (the built-in colorapi a local pod runs, a local
 * Job's wrapper). Node.js does not run TypeScript under node_modules, so the packed build bundles
 * each as an entry (packed/<name>.js) and points the code that starts it there.
 */
const PROCESS_ENTRIES = [
  'apps/colorapi/server',
  'analysis/providers/job/local-job-wrapper',
  'runtime/local/images/prometheus-launcher',
];
const KEEP_MS = 10 * 60_000;

export interface BuiltCli {
  /** The folder of this build (dist/cli/<build id>). */
  dir: string;
  /** Its entry point, main.js. */
  entry: string;
  durationMs: number;
}

export async function buildCli(options: { packed?: boolean } = {}): Promise<BuiltCli> {
  const started = Date.now();
  const { build } = await import('esbuild');
  mkdirSync(CLI_DIST, { recursive: true });
  const id = options.packed ? PACKED : `${started.toString(36)}-${process.pid}`;
  const dir = path.join(CLI_DIST, id);
  // The packed build is at the same depth as the others, so the source locations below hold.
  if (options.packed) rmSync(dir, { recursive: true, force: true });
  await build({
    entryPoints: {
      main: path.join(repoRoot, 'src/cli/main.ts'),
      ...(options.packed
        ? Object.fromEntries(PROCESS_ENTRIES.map((name) => [name, path.join(repoRoot, 'src', `${name}.ts`)]))
        : {}),
    },
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // node:* stays external on this platform; yaml is bundled. Its CommonJS build requires
    // 'process' and 'buffer', which an ES module can only do through a require of its own.
    banner: {
      js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'error',
    plugins: [sourceLocations(dir, options.packed ?? false)],
  });
  // The stamp says which sources this build saw: those saved before it started.
  const stamp = path.join(dir, '.stamp');
  writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  utimesSync(stamp, started / 1000, started / 1000);
  if (options.packed) return { dir, entry: path.join(dir, 'main.js'), durationMs: Date.now() - started };
  const previous = switchCurrent(id);
  removeOldBuilds([id, previous], Date.now());
  return { dir, entry: path.join(dir, 'main.js'), durationMs: Date.now() - started };
}

/**
 * Code that locates files next to its own source (the colorapi server a pod runs, the job
 * wrapper, the demo's manifests, package.json) does so from import.meta.url. In the bundle that
 * would be the chunk's URL, so each source's import.meta.url/dirname/filename is rewritten to
 * its original file's location, computed from the chunk's own URL at run time: the bundle finds
 * the same files as the sources do, wherever the checkout is.
 */
function sourceLocations(outdir: string, packed: boolean): Plugin {
  const srcDir = path.join(repoRoot, 'src') + path.sep;
  const chunkUrl = '__sluiceChunkUrl__';
  return {
    name: 'source-locations',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(srcDir)) return undefined;
        let text = readFileSync(args.path, 'utf8');
        // Packed: `new URL('<a process entry>.ts', import.meta.url)` is its bundle, next to the chunks.
        if (packed)
          text = text.replace(
            /new URL\((['"])(\.{1,2}\/[^'"]+)\.ts\1, import\.meta\.url\)/g,
            (whole, _quote, relative) => {
              const name = path
                .relative(srcDir, path.resolve(path.dirname(args.path), relative))
                .split(path.sep)
                .join('/');
              return PROCESS_ENTRIES.includes(name) ? `new URL(${JSON.stringify(`./${name}.js`)}, ${chunkUrl})` : whole;
            },
          );
        const restore = (contents: string) => contents.replaceAll(chunkUrl, 'import.meta.url');
        if (!/\bimport\.meta\.(url|dirname|filename)\b/.test(text)) return { contents: restore(text), loader: 'ts' };
        const relative = path.relative(outdir, args.path).split(path.sep).join('/');
        const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        const filename = `decodeURIComponent(new URL(${JSON.stringify(relative)}, import.meta.url).pathname)`;
        const dirname = `decodeURIComponent(new URL(${JSON.stringify(path.posix.dirname(relative) + '/')}, import.meta.url).pathname).replace(/\\/$/, '')`;
        const contents = text
          .replace(/\bimport\.meta\.url\b/g, `(${url})`)
          .replace(/\bimport\.meta\.filename\b/g, `(${filename})`)
          .replace(/\bimport\.meta\.dirname\b/g, `(${dirname})`);
        return { contents: restore(contents), loader: 'ts' };
      });
    },
  };
}

/** Points dist/cli/current at the build (a new symlink renamed over the old one); returns the build it replaced. */
function switchCurrent(id: string): string | undefined {
  const current = path.join(CLI_DIST, CURRENT);
  let previous: string | undefined;
  try {
    previous = readlinkSync(current);
  } catch {
    previous = undefined;
  }
  const next = path.join(CLI_DIST, `.${CURRENT}-${id}`);
  symlinkSync(id, next);
  renameSync(next, current);
  return previous;
}

/**
 * Removes the builds a process can no longer be starting from: not this one, not the one it
 * replaced, and started more than KEEP_MS ago (a parallel run may have just switched to a
 * younger one, or still be writing it).
 */
function removeOldBuilds(keep: Array<string | undefined>, now: number): void {
  for (const entry of readdirSync(CLI_DIST, { withFileTypes: true })) {
    if (!entry.isDirectory() || keep.includes(entry.name) || entry.name === PACKED) continue;
    const dir = path.join(CLI_DIST, entry.name);
    let started: number;
    try {
      started = statSync(path.join(dir, '.stamp')).mtimeMs;
    } catch {
      started = statSync(dir).mtimeMs;
    }
    if (now - started > KEEP_MS) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const quiet = process.argv.includes('--quiet');
  try {
    const built = await buildCli({ packed: process.argv.includes('--packed') });
    if (!quiet) process.stdout.write(`built ${path.relative(process.cwd(), built.entry)} in ${built.durationMs} ms\n`);
    // The package ships the dashboard's web UI beside the CLI (package.json `files`).
    if (process.argv.includes('--packed')) await (await import('./build-dashboard.ts')).buildDashboard();
  } catch (error) {
    // esbuild has already printed the errors with their file:line.
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    process.stderr.write(
      missing
        ? 'sluice: esbuild is not installed (npm install, with the dev dependencies), so the CLI cannot be bundled\n'
        : `sluice: building the CLI bundle failed: ${(error as Error).message.split('\n')[0]}\n`,
    );
    process.exitCode = 1;
  }
}
