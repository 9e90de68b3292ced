// Container images for the tests, built offline (no registry is reached): a static Go program
// copied into a FROM scratch image. An image is tagged with the hash of its sources, so it is
// built once per machine and engine and found among the engine's images afterwards (a warm build
// is one `image inspect`, a cold one a Go build and a `build` of a few seconds). The container
// suites run once per engine (podman, docker); docker needs its daemon running.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findEngine, type EngineName } from '../../src/runtime/local/images/container-engine.ts';

const run = promisify(execFile);
const HERE = import.meta.dirname;

/** The engines the container suites run with. */
export const TEST_ENGINES: readonly EngineName[] = ['podman', 'docker'];

/**
 * `false` when the engine can be used, else why its suite skips; with CI=true a missing engine (or
 * docker without its daemon) is not skipped: the suite runs and fails, saying why.
 */
export function engineAvailability(engine: EngineName): string | false {
  const problem = engineProblem(engine);
  if (!problem) return false;
  return process.env['CI'] === 'true' ? false : problem;
}

export function podmanAvailability(): string | false {
  return engineAvailability('podman');
}

function engineProblem(engine: EngineName): string | undefined {
  const found = findEngine(engine);
  if ('missing' in found) return `${engine} is not installed (${found.missing})`;
  if (engine !== 'docker') return undefined;
  const answer = spawnSync(found.engine.program, ['version', '--format', '{{.Server.Version}}'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (answer.status === 0) return undefined;
  const why = `${answer.stderr ?? ''}`.trim().split('\n')[0] || answer.error?.message || `exit code ${answer.status}`;
  return `docker's daemon does not answer (${why}); start it, e.g. with test/images/start-dockerd.sh`;
}

/** The engine's path; throws (failing the suite) when it is missing. */
export function engineOrThrow(engine: EngineName = 'podman'): string {
  const found = findEngine(engine);
  if ('missing' in found) throw new Error(`the container tests need ${engine}: ${found.missing}`);
  return found.engine.program;
}

export function podmanOrThrow(): string {
  return engineOrThrow('podman');
}

/** Builds (once per machine) the image of a program under test/images/<name> and returns its reference. */
export async function testImage(name: string, engine: EngineName = 'podman'): Promise<string> {
  const program = engineOrThrow(engine);
  const problem = engineProblem(engine);
  if (problem) throw new Error(`the container tests need ${engine}: ${problem}`);
  const dir = path.join(HERE, name);
  const files = ['main.go', 'go.mod', 'Containerfile'];
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(path.join(dir, file)));
  const reference = `localhost/sluice-test/${name}:${hash.digest('hex').slice(0, 12)}`;
  const exists = await run(program, ['image', 'inspect', '--format', '{{.Id}}', reference]).then(
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
    const containerfile = path.join(context, 'Containerfile');
    await run(program, ['build', '--quiet', '--file', containerfile, '--tag', reference, context]);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`building the test image ${reference} failed: ${stderr || (error as Error).message}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return reference;
}

/** The engine's containers that a local runtime started (by their label). */
export async function runtimeContainers(engine: EngineName = 'podman'): Promise<string[]> {
  const { stdout } = await run(engineOrThrow(engine), [
    'ps',
    '--all',
    '--filter',
    'label=io.sluice.pod',
    '--format',
    '{{.Names}}',
  ]);
  return stdout.split('\n').filter(Boolean);
}
