// The errors the commands print: one sentence on standard error and exit code 1, never a stack
// trace. Errors are recognised by name, so this file loads none of the client modules.
import process from 'node:process';

/** A failure the user can act on; `message` is the whole sentence. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Wrong arguments: the message says what to write instead. */
export class UsageError extends CliError {
  override name = 'UsageError';
}

const NO_KUBE_CONTEXT = 'no kube context: set KUBECONFIG, pass --kubeconfig, or use --local';

/** The sentence to print for any error a command may meet. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `unexpected failure: ${String(error)}`;
  const message = error.message.replace(/\s+$/, '');
  switch (error.name) {
    case 'CliError':
    case 'UsageError':
    case 'NoRuntimeError':
    case 'ApiError':
    case 'ControlError':
    case 'ListenError':
      return message;
    case 'ForbiddenError':
      return `forbidden by RBAC: ${message}`;
    case 'UnauthorizedError':
      return `the API server refused the credentials (401 Unauthorized): ${message}; log in again or check the user of the kube context`;
    case 'KubeconfigError':
      if (message.startsWith('no kubeconfig found')) return NO_KUBE_CONTEXT;
      if (message.includes('sets no current-context')) return `no kube context: ${message}, or use --local`;
      return message;
    case 'KubeConnectionError': {
      // The client's message names the server ("cannot reach the API server https://...: ...").
      const what = message.startsWith('cannot reach the API server')
        ? message
        : `cannot reach the API server: ${message}`;
      return `${what}; check that the cluster is running and that the kube context points at it (--context, --kubeconfig, KUBECONFIG), or use --local`;
    }
    default:
      if (typeof (error as { statusCode?: unknown }).statusCode === 'number') return message;
      return `unexpected failure: ${message}`;
  }
}

/**
 * Runs a command body: prints any error as one sentence and resolves to the exit code (1, or
 * `usageExitCode` for a usage mistake).
 */
export async function reportErrors(
  command: string,
  body: () => Promise<number>,
  env: NodeJS.ProcessEnv = process.env,
  usageExitCode = 1,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    process.stderr.write(`sluice ${command}: ${describeError(error)}\n`);
    if (env['SLUICE_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof Error && error.name === 'UsageError' ? usageExitCode : 1;
  }
}
