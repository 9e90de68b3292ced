// Bundles the dashboard's web UI (src/dashboard/web/) with esbuild into dist/dashboard/: index.html,
// one minified JavaScript bundle and one CSS file, both named by a hash of their content so a
// browser never runs a stale bundle against a newer server. No CDN and no web fonts: everything the
// page loads is in that folder, which `sluice dashboard` serves.
//
// The build goes to a folder of its own first and then replaces dist/dashboard/ (a server reading
// the old files keeps a whole build).
//
// Usage: node scripts/build-dashboard.ts [--quiet]
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const DASHBOARD_DIST = path.join(repoRoot, 'dist/dashboard');
const WEB = path.join(repoRoot, 'src/dashboard/web');

export interface BuiltDashboard {
  dir: string;
  /** The bundle's and the stylesheet's file names (relative to dir) and sizes in bytes. */
  script: { file: string; bytes: number };
  style: { file: string; bytes: number };
  durationMs: number;
}

export async function buildDashboard(outDir: string = DASHBOARD_DIST): Promise<BuiltDashboard> {
  const started = Date.now();
  const { build } = await import('esbuild');
  const staging = `${outDir}.build-${process.pid}-${started.toString(36)}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: path.join(WEB, 'main.tsx') },
    outdir: staging,
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
    tsconfig: path.join(WEB, 'tsconfig.json'),
  });
  const outputs = Object.entries(result.metafile.outputs).map(([file, info]) => ({
    file: path.basename(file),
    bytes: info.bytes,
  }));
  const script = outputs.find((output) => output.file.endsWith('.js'));
  const style = outputs.find((output) => output.file.endsWith('.css'));
  if (!script || !style) throw new Error(`esbuild wrote no ${script ? 'CSS' : 'JavaScript'} file`);
  const html = readFileSync(path.join(WEB, 'index.html'), 'utf8')
    // Relative to the page's <base href>, which the server sets to the root path it serves under.
    .replace('{{script}}', script.file)
    .replace('{{style}}', style.file);
  writeFileSync(path.join(staging, 'index.html'), html);
  replaceDir(staging, outDir);
  return { dir: outDir, script, style, durationMs: Date.now() - started };
}

/**
 * Moves the new build into place. Two builds at once (two test processes finding the bundle stale)
 * build the same sources: when the other one has just put its build in place, this one is dropped.
 */
function replaceDir(staging: string, outDir: string): void {
  const old = `${staging}.old`;
  try {
    renameSync(outDir, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, outDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

if (import.meta.main) {
  const quiet = process.argv.includes('--quiet');
  try {
    const built = await buildDashboard();
    if (!quiet)
      process.stdout.write(
        `built ${path.relative(process.cwd(), built.dir)}/ (${built.script.file} ${built.script.bytes} B, ` +
          `${built.style.file} ${built.style.bytes} B) in ${built.durationMs} ms\n`,
      );
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    process.stderr.write(
      missing
        ? 'sluice: esbuild is not installed (npm install, with the dev dependencies), so the dashboard cannot be bundled\n'
        : `sluice: building the dashboard failed: ${(error as Error).message.split('\n')[0]}\n`,
    );
    process.exitCode = 1;
  }
}
