// Builds a small Go program of the test tree (a folder with its own go.mod, e.g. an oracle that
// runs a Go library sluice reimplements) once per machine into a cache folder, and returns the
// binary. The cache key covers every file of the folder, so an edit rebuilds it. Modules come
// from the Go module proxy; the first build downloads them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

function cacheRoot(): string {
  return path.join(process.env.SLUICE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'sluice'), 'go-programs');
}

function goBinary(): string | undefined {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return 'go';
  } catch {
    return undefined;
  }
}

/**
 * `false` when Go programs can be built here, or the reason to skip. In CI a missing toolchain
 * throws: a suite whose real part is missing fails there, it never skips.
 */
export function goSkipReason(): string | false {
  if (goBinary()) return false;
  const reason = 'the Go toolchain is not installed (go >= 1.26 is needed to build the test oracles)';
  if (process.env.CI === 'true') throw new Error(`${reason}: CI must provide it`);
  return reason;
}

function sourcesHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(go|mod|sum)$/.test(name)) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The path of the built program of `dir` (an absolute folder holding `go.mod`), building it first
 * when the cache has no binary for its current sources. Throws with Go's output when the build fails.
 */
export function buildGoProgram(dir: string): string {
  const name = path.basename(dir);
  const target = path.join(cacheRoot(), `${name}-${sourcesHash(dir)}`, name);
  if (existsSync(target)) return target;
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.building-${process.pid}`;
  try {
    execFileSync('go', ['build', '-trimpath', '-o', staging, '.'], {
      cwd: dir,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    rmSync(staging, { force: true });
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`building the Go program in ${dir} failed:\n${output}`);
  }
  // Two builders at once each write their own staging file; the rename is atomic and either wins.
  renameSync(staging, target);
  return target;
}
