// Container images for the tests, built offline (no registry is reached): a static Go program
// copied into a FROM scratch image. An image is tagged with the hash of its sources, so it is
// built once per machine and found in podman's images afterwards (a warm build is one
// `podman image exists`, a cold one a Go build and a `podman build` of a few seconds).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findEngine } from '../../src/runtime/local/images/container-engine.ts';

const run = promisify(execFile);
const HERE = import.meta.dirname;

/** `false` when podman can be used, else why the suite skips; with CI=true a missing podman is not skipped (the suite fails). */
export function podmanAvailability(): string | false {
  const found = findEngine('podman');
  if ('engine' in found) return false;
  return process.env['CI'] === 'true' ? false : `podman is not installed (${found.missing})`;
}

/** podman's path; throws (failing the suite) when it is missing. */
export function podmanOrThrow(): string {
  const found = findEngine('podman');
  if ('missing' in found) throw new Error(`the container tests need podman: ${found.missing}`);
  return found.engine.program;
}

/** Builds (once per machine) the image of a program under test/images/<name> and returns its reference. */
export async function testImage(name: string): Promise<string> {
  const podman = podmanOrThrow();
  const dir = path.join(HERE, name);
  const files = ['main.go', 'go.mod', 'Containerfile'];
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(path.join(dir, file)));
  const reference = `localhost/sluice-test/${name}:${hash.digest('hex').slice(0, 12)}`;
  const exists = await run(podman, ['image', 'exists', reference]).then(
    () => true,
    () => false,
  );
  if (exists) return reference;
  const context = mkdtempSync(path.join(os.tmpdir(), `sluice-image-${name}-`));
  try {
    await run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', path.join(context, name), '.'], {
      cwd: dir,
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    });
    copyFileSync(path.join(dir, 'Containerfile'), path.join(context, 'Containerfile'));
    await run(podman, ['build', '--quiet', '--tag', reference, context]);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`building the test image ${reference} failed: ${stderr || (error as Error).message}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return reference;
}

/** The engine containers the local runtime started for a pod of a namespace (by its labels). */
export async function runtimeContainers(): Promise<string[]> {
  const { stdout } = await run(podmanOrThrow(), [
    'ps',
    '--all',
    '--filter',
    'label=io.sluice.pod',
    '--format',
    '{{.Names}}',
  ]);
  return stdout.split('\n').filter(Boolean);
}
