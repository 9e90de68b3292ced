// kubeconfig `exec` credential plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin):
// run the command, read the ExecCredential it prints, use its token until it expires or the
// server answers 401. Only tokens are supported; a plugin that returns a client certificate
// is reported as unsupported.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Credentials } from './connection.ts';
import type { Timers } from './timers.ts';

export interface ExecConfig {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
}

export class ExecCredentialError extends Error {
  override name = 'ExecCredentialError';
}

export type ExecRunner = (
  command: string,
  args: string[],
  env: Record<string, string>,
) => Promise<{ code: number; stdout: string; stderr: string }>;

export interface ExecCredentialOptions {
  timers: Pick<Timers, 'now'>;
  /** The kubeconfig's folder: a command with a slash is resolved against it. */
  baseDir: string;
  /** Where the user is defined, for messages. */
  owner: string;
  env?: Record<string, string | undefined>;
  run?: ExecRunner;
}

/** Tokens are renewed this long before they expire. */
const expiryMarginMs = 10_000;

export function execCredentials(exec: ExecConfig, options: ExecCredentialOptions): Credentials {
  const run = options.run ?? runCommand;
  const command = exec.command.includes('/') ? path.resolve(options.baseDir, exec.command) : exec.command;
  let cached: { header: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const fetch = async (): Promise<string> => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.env ?? process.env)) if (value !== undefined) env[key] = value;
    for (const { name, value } of exec.env) env[name] = value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify({
      apiVersion: exec.apiVersion,
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    let result;
    try {
      result = await run(command, exec.args, env);
    } catch (error) {
      throw new ExecCredentialError(
        `${options.owner}: cannot run the exec credential plugin "${exec.command}": ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (result.code !== 0) {
      throw new ExecCredentialError(
        `${options.owner}: the exec credential plugin "${exec.command}" failed (exit ${result.code}): ${result.stderr.trim().slice(0, 500)}`,
      );
    }
    const status = parseStatus(result.stdout, exec.command, options.owner);
    const expiresAt = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) - expiryMarginMs : Infinity;
    const header = `Bearer ${status.token}`;
    cached = { header, expiresAt: Number.isNaN(expiresAt) ? Infinity : expiresAt };
    return header;
  };

  return {
    authorization: () => {
      if (cached !== undefined && options.timers.now() < cached.expiresAt) return cached.header;
      pending ??= fetch().finally(() => (pending = undefined));
      return pending;
    },
    invalidate: () => {
      cached = undefined;
      return true;
    },
  };
}

function parseStatus(stdout: string, command: string, owner: string): { token: string; expirationTimestamp?: string } {
  let parsed: {
    kind?: string;
    status?: { token?: string; expirationTimestamp?: string; clientCertificateData?: string };
  };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new ExecCredentialError(
      `${owner}: the exec credential plugin "${command}" did not print an ExecCredential (JSON expected)`,
    );
  }
  const status = parsed.status ?? {};
  if (typeof status.token === 'string' && status.token !== '') {
    return {
      token: status.token,
      ...(status.expirationTimestamp ? { expirationTimestamp: status.expirationTimestamp } : {}),
    };
  }
  if (status.clientCertificateData) {
    throw new ExecCredentialError(
      `${owner}: the exec credential plugin "${command}" returned a client certificate, which sluice does not support yet; use a token`,
    );
  }
  throw new ExecCredentialError(`${owner}: the exec credential plugin "${command}" returned no token`);
}

const runCommand: ExecRunner = (command, args, env) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 60_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') return reject(error);
      resolve({
        code: error ? ((error as { code?: number }).code ?? 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
      });
    });
  });
