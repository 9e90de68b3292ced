// The helm binary for the chart tests, built from its Go module into the cache by build.sh.
// Outside CI a helm that is not built yet skips the suite (build it with
// `bash test/helm/build.sh`, about 7 minutes cold); with CI=true it is built (and the suite
// fails if that fails).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BUILD = path.join(import.meta.dirname, 'build.sh');

export async function helmBinary(): Promise<{ helm: string; skip: false } | { helm: undefined; skip: string }> {
  const inCi = process.env['CI'] === 'true';
  try {
    const { stdout } = await run('bash', [BUILD, ...(inCi ? [] : ['--if-built'])], { maxBuffer: 64 * 1024 * 1024 });
    return { helm: stdout.trim(), skip: false };
  } catch (error) {
    if (inCi) throw new Error(`building helm failed: ${(error as { stderr?: string }).stderr ?? error}`);
    return { helm: undefined, skip: 'helm is not built (bash test/helm/build.sh builds it into the cache)' };
  }
}

/** Runs helm; resolves with its output, rejects with its stderr. */
export async function helm(binary: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(binary, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`helm ${args.join(' ')} failed: ${stderr || stdout || (error as Error).message}`);
  }
}
